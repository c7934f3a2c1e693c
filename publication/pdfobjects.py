"""Small readers of PDF object structures shared by the stages that open PDFs."""

from __future__ import annotations

from pikepdf import Array

__all__ = ["kids", "name_tree", "number_tree"]


def number_tree(node) -> dict[int, object]:
    """A PDF number tree (such as the structure parent tree) as a dictionary."""
    found: dict[int, object] = {}
    if node is None:
        return found
    nums = node.get("/Nums", [])
    for i in range(0, len(nums) - 1, 2):
        found[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        found.update(number_tree(kid))
    return found


def name_tree(node) -> list[tuple[str, object]]:
    """A PDF name tree (such as named destinations or the IDTree) as (name, value) pairs."""
    if node is None:
        return []
    names = node.get("/Names", [])
    found = [(str(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2)]
    for kid in node.get("/Kids", []):
        found.extend(name_tree(kid))
    return found


def kids(element) -> list:
    """A structure element's /K as a list, whether it holds one kid or an array."""
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]
