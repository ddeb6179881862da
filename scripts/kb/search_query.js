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
 * Transport: Chinese words in the index are separated by kb.separator (one byte) instead of
 * U+200B (three); it is turned back into U+200B before Material's worker reads the entries.
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

  function restore(index) {  // kb.separator back to U+200B, in the fields Material shows and indexes
    var sep = index.config.kb && index.config.kb.separator
    if (!sep) return
    var re = new RegExp(sep, "g")
    for (var i = 0; i < index.docs.length; i++) {
      var doc = index.docs[i]
      if (typeof doc.title === "string") doc.title = doc.title.replace(re, "\u200b")
      if (typeof doc.text === "string") doc.text = doc.text.replace(re, "\u200b")
    }
  }

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

  /* Two steps, so that the first result waits only for the page entries. Material's worker
   * builds its lunr index from every entry before it answers anything (about 4 µs a word), and
   * its page script parses the whole index file first. The index file (search_index.json)
   * therefore holds the page entries only: titles, summaries, tags, introductions, about a
   * tenth of the words. The section entries are in kb.sections (search_sections.js, a script
   * setting self.__kbSections), loaded here inside the worker after the first answer, or once
   * the reader has not searched for IDLE_MS; the whole index is then built and the last query
   * answered again, so the list refines itself. The page takes Material's first READY only;
   * the second is kept from it and posted as FULL, which Material ignores and tests wait for. */
  var READY = 1, RESULT = 3, FULL = 90, IDLE_MS = 3000
  var pages = null, building = false, lastQuery = null, idle = null
  var post = self.postMessage.bind(self)

  self.postMessage = function (message) {  // Material's worker posts through here
    if (building && message && message.type === READY) {
      building = false
      post({ type: FULL })
      if (lastQuery !== null) answer(lastQuery)
      return
    }
    post(message)
    // after the first answer to something typed (Material also asks with an empty box)
    if (pages && lastQuery && message && message.type === RESULT) setTimeout(buildWhole, 0)
  }

  function answer(query) {
    self.dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data: query, kb: true } }))
  }

  function siteRoot() {  // this script is <root>assets/javascripts/workers/kb-search.js
    var script = typeof document !== "undefined" && document.querySelector("script[src*='kb-search']")
    var url = script ? script.src : self.location.href  // the offline export runs it in an iframe
    return url.split(/assets\/javascripts\/workers\//)[0]
  }

  function buildWhole() {
    if (!pages) return
    var data = pages
    pages = null
    clearTimeout(idle)
    // a worker's importScripts throws, the offline export's stand-in returns a promise: both reject here
    new Promise(function (resolve) { resolve(importScripts(siteRoot() + data.config.kb.sections)) }).then(function () {
      var sections = self.__kbSections || []
      restore({ config: data.config, docs: sections })
      var byPage = new Map()
      sections.forEach(function (doc) {
        var page = doc.location.split("#")[0]
        if (!byPage.has(page)) byPage.set(page, [])
        byPage.get(page).push(doc)
      })
      var docs = []
      data.docs.forEach(function (doc) { docs.push(doc); docs.push.apply(docs, byPage.get(doc.location) || []) })
      var whole = { config: data.config, docs: docs, options: data.options }
      vocab = learn(whole)
      building = true
      self.dispatchEvent(new MessageEvent("message", { data: { type: SETUP, data: whole, kb: true } }))
    }).catch(function (error) {  // the page entries keep answering
      console.warn("kb search: the section entries could not be loaded", error)
    })
  }

  addEventListener("message", function (ev) {
    var message = ev.data
    if (!message || typeof message !== "object" || message.kb) return
    if (message.type === SETUP && message.data && message.data.docs) {
      var kb = message.data.config.kb || {}
      restore(message.data)
      vocab = learn(message.data)
      intent = new Set(kb.intent || []); boost = kb.boost || 1
      if (kb.sections) {
        pages = message.data
        idle = setTimeout(buildWhole, IDLE_MS)
      }
    }
    else if (message.type === QUERY && vocab && typeof message.data === "string") {
      message.data = rewrite(message.data, vocab)
      lastQuery = message.data.trim() ? message.data : null
    }
  })
})();
