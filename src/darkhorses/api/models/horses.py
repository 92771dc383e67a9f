"""Horse profiles: ``/v1/horses/{id}/standard`` and ``/v1/horses/{id}/pro``.

Names carry the region suffix (``"Flaggan (IRE)"``); there is no ``region`` field.
"""

from __future__ import annotations

from darkhorses.api.models.base import ApiModel, Day, Text


class Horse(ApiModel):
    """The standard profile, also each item of ``/v1/horses/search``."""

    id: str
    name: Text = None
    sire: Text = None
    sire_id: Text = None
    dam: Text = None
    dam_id: Text = None
    damsire: Text = None
    damsire_id: Text = None


class HorsePro(Horse):
    """The pro profile: adds breeder, colour, date of birth and sex."""

    breeder: Text = None
    colour: Text = None
    colour_code: Text = None
    dob: Day = None
    sex: Text = None
    sex_code: Text = None
