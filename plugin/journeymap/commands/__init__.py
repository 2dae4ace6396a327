"""Commands layer: the `journeymap` command line (`cli`) and the chores it runs.

Drafting the next version of a journey (`drafts`), importing a BI export as a
snapshot (`imports`) and a Mermaid journey diagram as a journey (`mermaid`). May
import every layer below, engines included; nothing imports it.
"""
