"""Exporting archived case files: BagIt packages (:mod:`~archive.export.package`) and their metadata
(:mod:`~archive.export.metadata`)."""
