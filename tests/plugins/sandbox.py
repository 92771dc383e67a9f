"""Sandbox fixtures: the sandbox served over real HTTP on a free loopback port."""
