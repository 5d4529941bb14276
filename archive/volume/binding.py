"""Binding the combined volume: front matter, numbered pages, back matter, one PDF.

The pages between the front matter (cover, index) and the back matter (note)
are numbered 1, 2, 3 … at their top right corner, over whatever the page
shows. :class:`Binding` first gathers the stored files' pages and tells their
sizes; the number pages are set at those sizes, after those of the forms that
lead the numbered pages (the registration form), by
:func:`archive.volume.sheets.page_numbers`; :meth:`Binding.bind` puts the
leading forms first, lays each number on its page and adds the front and back
matter. A page turned by its /Rotate
entry is first turned in its content, so the number lands at the top right of
the page as it is read.
"""

import io
import warnings


class Binding:
    def __init__(self, numbered):
        """``numbered``: the PDFs (bytes) whose pages are numbered, in order."""
        import pypdf

        self.writer = pypdf.PdfWriter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for data in numbered:
                self.writer.append(io.BytesIO(data))
            for page in self.writer.pages:
                if page.rotation:
                    page.transfer_rotation_to_content()
        self.count = len(self.writer.pages)

    @property
    def sizes(self):
        """(width, height) in points of every numbered page, as it is read."""
        return [(float(page.cropbox.width), float(page.cropbox.height)) for page in self.writer.pages]

    def bind(self, front, lead, back, numbers, *, title=""):
        """The volume's bytes: ``front``, then ``lead`` and the stored files' pages, numbered, then ``back``.

        ``front``, ``lead`` and ``back`` are lists of PDFs (bytes); ``numbers`` a
        PDF with one number page for each page of ``lead`` and of the stored files.
        """
        import pypdf

        overlays = pypdf.PdfReader(io.BytesIO(numbers)).pages
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for data in reversed(lead):
                self.writer.merge(0, io.BytesIO(data))
            if len(overlays) != len(self.writer.pages):
                raise ValueError(f"{len(overlays)} page numbers for {len(self.writer.pages)} numbered pages")
            for page, overlay in zip(list(self.writer.pages), overlays, strict=True):
                box = page.cropbox
                page.merge_transformed_page(
                    overlay, pypdf.Transformation().translate(float(box.left), float(box.bottom))
                )
            for data in reversed(front):
                self.writer.merge(0, io.BytesIO(data))
            for data in back:
                self.writer.append(io.BytesIO(data))
        self.writer.add_metadata({"/Title": title, "/Creator": "Anjuan"})
        out = io.BytesIO()
        self.writer.write(out)
        return out.getvalue()
