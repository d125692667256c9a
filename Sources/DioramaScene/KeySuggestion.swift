/// Spelling help for messages: the closest allowed word to a typo.
enum KeySuggestion {
  /// The candidate closest to `word` by edit distance, if it is close enough to be a typo:
  /// at most 2 edits, or a third of the word's length for longer words.
  /// - Complexity: O(n · |word| · |candidate|).
  static func closest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let d = editDistance(lowered, candidate.lowercased())
      if d < (best?.distance ?? Int.max) {
        best = (candidate, d)
      }
    }
    guard let best else { return nil }
    let limit = max(2, word.count / 3)
    return best.distance <= limit && best.distance < max(word.count, 1) ? best.name : nil
  }

  /// Levenshtein distance over characters.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// "; did you mean 'mass'?" or ";", to be followed by " allowed: …".
  static func didYouMean(_ word: String, in candidates: [String]) -> String {
    closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ";"
  }
}
