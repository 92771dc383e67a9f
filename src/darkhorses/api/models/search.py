"""Searches: ``/v1/{horses,jockeys,trainers,owners,sires,dams,damsires}/search``."""

from __future__ import annotations

from pydantic import Field

from darkhorses.api.models.base import ApiModel, ListOf, Text
from darkhorses.api.models.horses import Horse


class NamedEntity(ApiModel):
    """A search hit for a person or an ancestor: ``{"id": "jky_301032", "name": "..."}``."""

    id: str
    name: Text = None


class SearchResults(ApiModel):
    """Jockey, trainer, owner, sire, dam or damsire search results."""

    search_results: ListOf[NamedEntity] = Field(default_factory=list)


class HorseSearchResults(ApiModel):
    """Horse search results: each hit is a standard profile."""

    search_results: ListOf[Horse] = Field(default_factory=list)
