/* kb: Chinese query words for Material's search worker (see kb/search_index.py).
 *
 * The kb plugin writes assets/javascripts/workers/kb-search.js as this file followed by
 * Material's own search worker, unchanged; overrides/main.html points the page at it. This
 * part listens first and rewrites each query before Material's worker reads it.
 *
 * Why: Material cuts a Chinese query by the words in the index, but its cut never reaches the
 * last character and stops at the first character it does not know (电话 becomes 电*,
 * 价格太贵 becomes 价格*), so long colloquial queries lost most of their words. Here a run of
 * Chinese is cut into the longest index words (dynamic programming over the index vocabulary,
 * at most 8 characters a word); single characters are dropped unless the query is one
 * character. Each word is followed by 〇 (a Han character in no index word): Material's cut
 * then returns the word itself and nothing shorter, and drops the 〇.
 *
 * A Chinese typo (生汽 for 生气) is not matched: Material's cut would turn a fuzzy Chinese
 * term into its first known character. English words of five letters or more also match one
 * edit away (lunr's ~1), at half weight.
 *
 * Intent words (怎么办, 怎么说, "say": search.yml `intent`, passed in the index's config as
 * kb.intent) keep weight 1; every other query word gets kb.boost, so that 怎么办 in a title
 * does not outrank the words that say what happened. A boosted word keeps its trailing *
 * (a prefix match, as Material's own transform would give it).
 */
(function () {
  "use strict"
  var SETUP = 0, QUERY = 2                    // Material's SearchMessageType
  var SENTINEL = "\u3007"                     // 〇
  var HAN = /\p{Script=Han}+/gu
  var MAX_WORD = 8
  var vocab = null, intent = new Set(), boost = 1

  function learn(index) {
    var sep = new RegExp(index.config.separator, "g")
    var words = new Set()
    var fields = Object.keys(index.config.fields)
    for (var i = 0; i < index.docs.length; i++) {
      var doc = index.docs[i]
      for (var f = 0; f < fields.length; f++) {
        var value = doc[fields[f]]
        if (typeof value !== "string" && !Array.isArray(value)) continue
        var parts = String(value).replace(/<[^>]*>/g, " ").toLowerCase().split(sep)
        for (var p = 0; p < parts.length; p++)
          if (parts[p].length > 1 && parts[p].length <= MAX_WORD) words.add(parts[p])
      }
    }
    return words
  }

  /* The cut of a Chinese run that covers the most characters with index words, longer words
   * first (score: sum of squared word lengths). Exported for tests as kbCutQuery. */
  function cut(run, words, longest) {
    var n = run.length, most = longest || MAX_WORD
    var best = new Array(n + 1).fill(-1), from = new Array(n + 1), known = new Array(n + 1)
    best[0] = 0
    for (var i = 0; i < n; i++) {
      if (best[i] < 0) continue
      if (best[i] > best[i + 1]) { best[i + 1] = best[i]; from[i + 1] = i; known[i + 1] = false }
      for (var j = i + 2; j <= Math.min(n, i + most); j++) {
        if (!words.has(run.slice(i, j))) continue
        var score = best[i] + (j - i) * (j - i)
        if (score > best[j]) { best[j] = score; from[j] = i; known[j] = true }
      }
    }
    var out = []
    for (var k = n; k > 0; k = from[k])
      if (known[k]) out.unshift(run.slice(from[k], k))
    return out
  }

  function weigh(word, han, weight) {
    var term = han ? word + SENTINEL : word, b = weight || boost
    if (intent.has(word.toLowerCase()) || boost === 1) return term
    var out = term + "*^" + b
    // a one-letter typo in a longer English word (angyr): lunr's fuzzy match, at half weight
    if (!han && word.length >= 5) out += " " + word + "~1^" + Math.ceil(b / 2)
    return out
  }

  function stopWord(word) {  // lunr's English stop words (Material's worker has loaded lunr)
    var lunr = self.lunr
    return !!(lunr && lunr.stopWordFilter && lunr.Token && !lunr.stopWordFilter(new lunr.Token(word.toLowerCase())))
  }

  function rewrite(query, words) {
    if (/["+\-~^*:]/.test(query)) return query  // the reader wrote lunr syntax: leave it to Material
    var parts = query.split(/\s+/).filter(Boolean)
    var content = parts.filter(function (p) { return HAN.test(p) || !stopWord(p) })
    HAN.lastIndex = 0
    if (content.length) parts = content
    return parts.map(function (part) {
      return part.replace(HAN, function (run) {
        var found = run.length === 1 ? [run] : cut(run, words)
        var terms = []
        found.forEach(function (w) {
          terms.push(weigh(w, true))
          // a long word (转接电话) also as its parts, at half weight: pages that write the parts
          // apart are found too
          if (w.length >= 4)
            cut(w, words, w.length - 1).forEach(function (p) { terms.push(weigh(p, true, Math.ceil(boost / 2))) })
        })
        return terms.length ? " " + terms.join(" ") + " " : run
      }).replace(/(^|\s)([^\s\u3007]+)(?=\s|$)/g, function (all, space, word) {
        return /\p{Script=Han}|\*\^/u.test(word) ? all : space + weigh(word, false)
      })
    }).join(" ")
  }

  /* For tests: the query as Material's worker will receive it. */
  self.kbRewriteQuery = function (query, words, intentWords, wordBoost) {
    var saved = [intent, boost]
    intent = new Set(intentWords || []); boost = wordBoost || 1
    try { return rewrite(query, words) } finally { intent = saved[0]; boost = saved[1] }
  }

  addEventListener("message", function (ev) {
    var message = ev.data
    if (!message || typeof message !== "object") return
    if (message.type === SETUP && message.data && message.data.docs) {
      vocab = learn(message.data)
      var kb = message.data.config.kb || {}
      intent = new Set(kb.intent || []); boost = kb.boost || 1
    }
    else if (message.type === QUERY && vocab && typeof message.data === "string")
      message.data = rewrite(message.data, vocab)
  })
})();
