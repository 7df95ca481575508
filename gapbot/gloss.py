"""Key words of a question written in another language, glossed into English before the question is read.

Discord servers are multilingual, and people ask "cuál es el mejor modelo open para coding?" or "wie weit hinten sind
open modelle beim reasoning?" in their own language, often mixed with English terms. The parser's rules and its
intent model read English: left alone, such a question loses its intent ("mejor" is not "best") and its domain
("programación" is not coding). A full translation model would cost seconds and hundreds of MB at start-up; the
words a gap question hangs on are few, so they are glossed from a table instead.

Only words that are not English words are listed (never "die", "das", "que", "como", "esta", "come"), so that an
English question is never changed. The table covers the languages met in the evaluation set's questions (Spanish,
Portuguese, French, German, Italian, Indonesian, Russian, Hindi written in Latin letters, Chinese) and a few domain
words of Dutch, Polish and the Nordic languages; multi-word phrases come first so that "qué tan atrás" is read whole
before "atrás". Russian inflects its words ("открытые", "открытых", "открытым" are all "open"), so an entry ending in
"*" is a stem that stands for any ending; Chinese writes no spaces between words, so its entries (_UNSPACED) are
matched anywhere and glossed with spaces around them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def _before_a_year(*months: str) -> tuple[str, ...]:
    """Month names, each alone and followed by the "de"/"del" that comes before a year in Spanish and Portuguese."""
    return tuple(phrase for m in months for phrase in (f"{m} del", f"{m} de", m))


# English meaning -> the foreign words and phrases that carry it (lowercase; accents optional, see _fold).
_MEANINGS: dict[str, tuple[str, ...]] = {
    "how far behind": ("que tan atras", "cuan atras", "o quao atras", "quao atras", "a quel point en retard",
                       "wie weit hinten", "wie weit zuruck", "wie weit hinterher", "quanto indietro",
                       "seberapa jauh ketinggalan", "seberapa tertinggal"),
    "how far": ("que tan lejos", "wie weit", "seberapa jauh", "насколько", "на сколько"),
    "by how much": ("por cuanto", "de cuanto", "por quanto", "de combien", "um wie viel", "um wieviel", "di quanto"),
    "how much": ("cuanto", "quanto", "combien", "wie viel", "wieviel", "kitna", "kitne", "kitni"),
    "behind": ("atras", "atrasados", "atrasado", "en retard", "hinten", "zuruck", "hinterher", "hinter", "indietro",
               "detras", "derriere", "dietro",
               "ketinggalan", "tertinggal", "отста*", "позади", "peeche", "piche", "pichhe"),
    "ahead": ("adelante", "por delante", "a frente", "na frente", "en avance", "vorne", "voraus", "davanti",
              "in vantaggio", "unggul", "впереди", "опережа*", "лидиру*", "aage", "aagey"),
    "the best": ("el mejor", "la mejor", "o melhor", "a melhor", "le meilleur", "la meilleure", "il migliore",
                 "der beste", "das beste", "paling bagus", "sabse accha", "sabse acha", "sabse achha", "sabse badhiya"),
    "best": ("mejor", "mejores", "melhor", "melhores", "meilleur", "meilleure", "meilleurs", "beste", "besten",
             "bestes", "migliore", "migliori", "terbaik", "лучш*"),
    "the": ("sabse",),  # "sabse best": the best
    "which": ("cual", "cuales", "qual", "quais", "quel", "quelle", "welches", "welcher", "welche", "quale",
              "какая", "какой", "какие", "какую", "kaunsa", "kaun sa", "konsa", "kon sa"),
    "what is": ("c'est quoi", "qu'est-ce que", "was ist"),
    "why": ("por que", "porque", "pourquoi", "warum", "wieso", "weshalb", "perche", "kenapa", "mengapa", "почему",
            "kyun", "kyon", "kyu"),
    "when": ("cuando", "quando", "quand", "wann", "kapan", "когда"),
    "who": ("quien", "quem", "qui", "wer", "chi", "кто"),
    "leads": ("lidera", "liderando", "lidere", "fuhrt", "guida", "лидирует"),
    "since": ("desde", "depuis", "seit", "sejak"),
    "the gap": ("la brecha", "la diferencia", "a diferenca", "a lacuna", "l'ecart", "die lucke", "der abstand",
                "il divario", "kesenjangan"),
    "gap": ("brecha", "diferencia", "diferenca", "lacuna", "ecart", "lucke", "abstand", "divario", "selisih",
            "разрыв*", "отрыв*", "разниц*", "fark", "farak", "antar"),
    # (past tenses too: "¿se ha reducido la brecha?" asks the same as "is it shrinking")
    "shrinking": ("se esta cerrando", "se cierra", "se reduce", "se ha reducido", "se redujo", "reduciendo",
                  "achicando", "diminuindo", "diminuiu", "encolhendo", "fechando", "se reduit", "s'est reduit",
                  "se resserre", "s'est resserre", "diminue", "retrecit", "schrumpft", "geschrumpft", "verringert",
                  "kleiner", "si riduce", "si e ridotto", "diminuendo", "menyempit", "mengecil", "сокраща*",
                  "сократил*", "уменьша*", "уменьшил*", "сужа*", "kam ho raha", "kam ho rahi", "ghat raha",
                  "ghat rahi"),
    "widening": ("увеличива*", "вырос*"),
    "trend": ("tendencia", "tendance", "entwicklung", "andamento", "тенденци*", "тренд*", "динамик*"),
    "catch up": ("alcanzar", "alcanzaron", "alcanzado", "alcancar", "alcancaram", "alcancou", "rattraper",
                 "rattrape", "aufholen", "aufgeholt", "eingeholt", "einholen", "raggiungere", "raggiunto", "ngejar",
                 "mengejar", "догна*", "догоня*"),
    "already": ("уже",),
    "now": ("ahora mismo", "ahora", "agora", "en ce moment", "maintenant", "actuellement", "jetzt", "aktuell",
            "adesso", "sekarang", "сейчас", "abhi"),
    "today": ("hoy", "hoje", "aujourd'hui", "heute", "oggi", "сегодня"),
    "models": ("modelos", "modeles", "modelle", "modelli", "модели", "моделеи", "моделям", "моделями", "моделях"),
    "model": ("modelo", "modele", "modell", "modello", "модел*"),
    "open source": ("опенсорс*", "открытым исходным кодом", "открытыми весами"),
    "open": ("abiertos", "abierto", "abiertas", "abierta", "abertos", "aberto", "ouverts", "ouvert", "offene",
             "offenen", "offenes", "aperti", "terbuka", "открыт*"),
    "closed": ("cerrados", "cerrado", "fechados", "fechado", "fermes", "ferme", "geschlossene", "geschlossenen",
               "proprietarios", "proprietario", "proprietarias", "proprietaria", "propietarios", "propietario",
               "propietarias", "propietaria", "proprietaires", "proprietare",
               "proprietaren", "proprietari", "chiusi", "tertutup", "закрыт*", "проприетарн*", "коммерческ*"),
    "coding": ("programacion", "programacao", "programmation", "programmieren", "programmierung",
               "programmazione", "pemrograman", "programmeren", "programowanie", "программирован*", "кодинг*",
               "написании кода"),
    # "mathe": German for maths as people say it (a letter from "math", and no English word)
    "math": ("matematicas", "matematica", "mathematiques", "mathematik", "mathe", "matematika", "matematik",
             "matematyka", "wiskunde", "математик*"),
    "reasoning": ("razonamiento", "raciocinio", "raisonnement", "schlussfolgern", "ragionamento", "penalaran",
                  "рассужден*"),
    "creative writing": ("escritura creativa", "escrita criativa", "ecriture creative", "kreatives schreiben",
                         "scrittura creativa"),
    "data analysis": ("analisis de datos", "analise de dados", "analyse de donnees", "datenanalyse",
                      "analisi dei dati", "анализ* данных"),
    "compared to": ("comparado con", "frente a", "comparado com", "im vergleich zu", "rispetto a",
                    "dibanding", "по сравнению с", "ke mukable", "ke muqable", "ki tulna mein"),
    "compare": ("comparar", "comparacion", "comparaison", "vergleich", "vergleichen", "confronto", "confrontare",
                "сравн*"),
    "chinese": ("chineses", "chinois", "chinesischen", "chinesische", "cinesi"),
    # a follow-up's first words ("et sur le raisonnement ?", "ja, und wie war das vor einem jahr?"): the previous
    # question again, on that domain or at that date
    "and on the": ("et sur le", "et sur la", "et sur l'", "et en la", "y en el", "y en la", "und beim", "e nel",
                   "e nella"),
    "and on": ("et sur", "et en", "e em", "e no", "e na", "y en", "und bei", "und im", "e su", "e sul", "dan di"),
    "and the": ("y el", "y la", "y los", "y las", "und der", "und die", "und das"),
    "and": ("und",),
    "is it": ("liegt es", "ist es"),
    "are they": ("liegen sie", "sind sie"),
    "ok": ("ja", "oui"),
    "how was it": ("wie war das", "wie war es", "como era", "como estaba", "como estava", "c'etait comment",
                   "com'era"),
    "a year ago": ("vor einem jahr", "hace un ano", "il y a un an", "ha um ano", "un anno fa", "setahun lalu"),
    # months, each also with the "de"/"del" before a year ("octubre del 2025", "outubro de 2025": october 2025);
    # not "mayo", "mars" or "mai" (English or Hinglish words), nor "marco" alone (a name)
    "january": _before_a_year("enero", "janeiro", "janvier", "januar", "gennaio"),
    "february": _before_a_year("febrero", "fevereiro", "fevrier", "februar", "febbraio"),
    "march": (*_before_a_year("marzo", "marz"), "marco del", "marco de"),
    "april": _before_a_year("abril", "avril", "aprile"),
    "may": _before_a_year("maio", "maggio"),
    "june": _before_a_year("junio", "junho", "juin", "juni", "giugno"),
    "july": _before_a_year("julio", "julho", "juillet", "juli", "luglio"),
    "august": _before_a_year("agosto", "aout"),
    "september": _before_a_year("septiembre", "setiembre", "setembro", "septembre", "settembre"),
    "october": _before_a_year("octubre", "outubro", "octobre", "oktober", "ottobre"),
    "november": _before_a_year("noviembre", "novembro", "novembre"),
    "december": _before_a_year("diciembre", "dezembro", "decembre", "dezember", "dicembre"),
}


def _fold(text: str) -> str:
    """`text` without accents ("atrás" -> "atras", "lücke" -> "lucke"), so that both spellings are one entry."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Chinese key words, matched anywhere (no spaces between words): longest first, "开源模型" before "开源".
_UNSPACED: dict[str, tuple[str, ...]] = {
    "how far behind": ("落后多少", "落后多远", "差多少", "差多远", "差了多少"),
    "how big": ("有多大", "多大"),
    "how long": ("多久", "多长时间"),
    "behind": ("落后",),
    "ahead": ("领先", "超过", "超越"),
    "the gap": ("差距", "差别"),
    "the best": ("最好的", "最强的", "最佳的", "最好", "最强", "最佳"),
    "which": ("哪个", "哪一个", "哪款", "哪些"),
    "why": ("为什么", "为何"),
    "when": ("什么时候", "何时"),
    "catch up": ("追上", "赶上", "追赶", "追平"),
    "shrinking": ("缩小", "变小", "减小"),
    "widening": ("扩大", "变大", "拉大"),
    "trend": ("趋势", "变化"),
    "now": ("现在", "目前", "如今"),
    "compared to": ("相比", "对比", "比较"),
    "open models": ("开源模型", "开放权重模型", "开源大模型"),
    "closed models": ("闭源模型", "专有模型", "商业模型", "闭源大模型"),
    "open": ("开源", "开放权重"),
    "closed": ("闭源", "专有"),
    "models": ("模型", "大模型"),
    "and": ("和", "与"),
    "coding": ("编程", "写代码", "代码"),
    "math": ("数学",),
    "reasoning": ("推理",),
    "data analysis": ("数据分析",),
}


def _alternatives(phrases: Iterable[str]) -> str:
    """The phrases as one alternation, longest first; a "*" stands for any word ending ("отста*": "отстают")."""
    return "|".join(re.escape(p).replace(r"\*", r"\w*") for p in sorted(phrases, key=len, reverse=True))


_GLOSS = {_fold(phrase): meaning for meaning, phrases in _MEANINGS.items() for phrase in phrases}
_STEMS = [(re.compile(_alternatives([p])), meaning) for p, meaning in _GLOSS.items() if "*" in p]
_FOREIGN = re.compile(r"(?<![\w'])(" + _alternatives(_GLOSS) + r")(?![\w'])")
_ACCENTED = re.compile(r"[^\x00-\x7f]")
_CHINESE_GLOSS = {phrase: meaning for meaning, phrases in _UNSPACED.items() for phrase in phrases}
_CHINESE = re.compile(_alternatives(_CHINESE_GLOSS))


def _meaning(word: str) -> str:
    return _GLOSS.get(word) or next(meaning for stem, meaning in _STEMS if stem.fullmatch(word))


def gloss(low: str) -> str:
    """`low` (a lowercased question) with the foreign words above replaced by their English meaning; an English
    question comes back unchanged. Accents are folded only inside a glossed word, never elsewhere (model names and
    quotes keep their spelling)."""
    if _ACCENTED.search(low):
        low = _CHINESE.sub(lambda m: f" {_CHINESE_GLOSS[m.group(0)]} ", low)
    folded = _fold(low) if _ACCENTED.search(low) else low
    if len(folded) != len(low):  # a character that folds to two or none: gloss the folded text as a whole
        return _FOREIGN.sub(lambda m: _meaning(m.group(1)), folded)
    out, last = [], 0
    for m in _FOREIGN.finditer(folded):  # same length: replace the spans in the original, accents kept elsewhere
        out += [low[last:m.start()], _meaning(m.group(1))]
        last = m.end()
    return "".join(out) + low[last:]
