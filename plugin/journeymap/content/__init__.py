"""Content layer: reading the content folder and checking it into the model.

Files are read (`documents`, `snapshots`), checked against their shape (`schema`,
`validation`) and against each other (`rules`), and every mistake is collected as
a `path:line: where: what` problem (`problems`); `loader` runs it all and returns
the `model`. Imports only the package root (`formatting`,
`routes`, `atomic`) and itself.
"""
