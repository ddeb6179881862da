"""服务知识库 tooling: the content model, the dialogue parser and renderer, the MkDocs
plugin and the `kb` command. See README.md ("How the code is organised")."""

LANGS = ("zh", "zh-Hant", "en")
DEFAULT_LANG = "zh"
