"""Analysis layer: what the loaded content means, over time and across stages.

Paths and handoffs (`flow`), the changelog between versions (`history`), site-wide
events and redirects (`changes`), metric series, targets and alerts (`trends`), and
what needs someone's attention (`health`). Imports `content/`, the package root and
itself. It knows where pages live (`routes`: a change, a health item or a team points
to its page), but nothing of how a page looks (HTML, templates) nor of site engines.
"""
