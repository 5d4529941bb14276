"""The volume (卷宗) of an archived case file: its documents in order, numbered, with cover, index and note.

* :mod:`~archive.volume.order` — the order of the parts (data: ``archive/data/volume_order.yaml``);
* :mod:`~archive.volume.contents` — the case file's documents as entries in that order;
* :mod:`~archive.volume.sources` — reading a stored file's pages (images become PDF pages);
* :mod:`~archive.volume.sheets` — the forms: cover, index, note, registration form;
* :mod:`~archive.volume.binding` — the combined PDF, its pages numbered;
* :mod:`~archive.volume.build` — all of it composed for one case file;
* :mod:`~archive.volume.service` — generating and storing it (at archiving, and again on request);
* :mod:`~archive.volume.views` — downloading it in the admin.
"""
