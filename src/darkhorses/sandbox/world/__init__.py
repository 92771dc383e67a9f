"""The sandbox's generated world: courses, horses, people, races, prices and results."""

from darkhorses.sandbox.world.contract import RaceRef, WorldContract
from darkhorses.sandbox.world.world import World

__all__ = ["RaceRef", "World", "WorldContract"]
