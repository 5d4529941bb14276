from django import template

from ocr.progress import progress_of

register = template.Library()


@register.inclusion_tag("ocr/progress.html")
def extraction_progress(document):
    return {"progress": progress_of(document)}
