#!/usr/bin/python3
"""Builds the small text corpus of the /reduction lab: the paragraphs of eight free-software and
free-culture licences as Debian ships them in /usr/share/common-licenses (verbatim copying of
licence texts is permitted), each labelled with its licence. Writes static/data/licenses.json.

Run: /usr/bin/python3 scripts/data/make_corpus.py
"""
import json
import re

LICENCES = ["Apache-2.0", "Artistic", "CC0-1.0", "GFDL-1.3", "GPL-2", "GPL-3", "LGPL-2.1", "MPL-2.0"]
MIN_WORDS = 15

documents = []
for label, name in enumerate(LICENCES):
    with open(f"/usr/share/common-licenses/{name}", encoding="utf-8") as f:
        text = f.read()
    for paragraph in re.split(r"\n\s*\n", text):
        words = paragraph.split()
        if len(words) >= MIN_WORDS:
            documents.append({"text": " ".join(words), "label": label})

corpus = {
    "name": "licences",
    "source": "Paragraphs of /usr/share/common-licenses (Debian 12 base-files): " + ", ".join(LICENCES),
    "labels": LICENCES,
    "documents": documents,
}
with open("static/data/licenses.json", "w", encoding="utf-8") as f:
    json.dump(corpus, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
print(f"static/data/licenses.json: {len(documents)} paragraphs from {len(LICENCES)} licences")
