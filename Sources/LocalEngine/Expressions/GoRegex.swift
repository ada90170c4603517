import Foundation

/// A compiled regular expression written in Go's RE2 syntax, run by Foundation's engine (ICU).
///
/// The two syntaxes agree on everything workflows use (classes, anchors, `(?i)`, groups,
/// repetition); Go's `(?P<name>…)` groups are translated. RE2 guarantees linear time where ICU
/// may backtrack, and ICU accepts look-around that Go rejects.
final class GoRegex: @unchecked Sendable {
  // NSRegularExpression is immutable and documented as safe to use from several threads.
  let source: String
  let regex: NSRegularExpression

  /// Compiles `pattern`, or returns the reason it cannot be compiled.
  static func compile(_ pattern: String) -> Result<GoRegex, RegexFailure> {
    let translated = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
    do {
      let regex = try NSRegularExpression(pattern: translated, options: [])
      return .success(GoRegex(source: pattern, regex: regex))
    } catch {
      return .failure(RegexFailure(pattern: pattern))
    }
  }

  struct RegexFailure: Error {
    var pattern: String
    var message: String { "invalid regular expression `\(pattern)`" }
  }

  private init(source: String, regex: NSRegularExpression) {
    self.source = source
    self.regex = regex
  }

  private func range(of text: String) -> NSRange {
    NSRange(text.startIndex..<text.endIndex, in: text)
  }

  /// Whether the pattern matches anywhere in `text` (Go's `MatchString`).
  func matches(_ text: String) -> Bool {
    regex.firstMatch(in: text, options: [], range: range(of: text)) != nil
  }

  /// The first match, or `nil`.
  func firstMatch(in text: String) -> String? {
    guard let match = regex.firstMatch(in: text, options: [], range: range(of: text)),
      let found = Range(match.range, in: text)
    else { return nil }
    return String(text[found])
  }

  /// Up to `limit` matches (all when `limit` is negative).
  func allMatches(in text: String, limit: Int) -> [String] {
    var result: [String] = []
    for match in regex.matches(in: text, options: [], range: range(of: text)) {
      if limit >= 0, result.count >= limit { break }
      if let found = Range(match.range, in: text) { result.append(String(text[found])) }
    }
    return result
  }

  /// Replaces every match; `$1` and `${name}` in the template name groups unless `literal`.
  func replaceAll(in text: String, with template: String, literal: Bool) -> String {
    let replacement = literal ? NSRegularExpression.escapedTemplate(for: template) : template
    return regex.stringByReplacingMatches(in: text, options: [], range: range(of: text), withTemplate: replacement)
  }

  /// Splits `text` around the matches, into at most `limit` pieces (all when negative).
  func split(_ text: String, limit: Int) -> [String] {
    if limit == 0 { return [] }
    var pieces: [String] = []
    var start = text.startIndex
    for match in regex.matches(in: text, options: [], range: range(of: text)) {
      if limit > 0, pieces.count == limit - 1 { break }
      guard let found = Range(match.range, in: text) else { continue }
      if found.isEmpty, found.lowerBound == text.startIndex { continue }
      pieces.append(String(text[start..<found.lowerBound]))
      start = found.upperBound
    }
    pieces.append(String(text[start...]))
    return pieces
  }

  /// `regexp.QuoteMeta`.
  static func quoteMeta(_ text: String) -> String {
    var result = ""
    for character in text {
      if "\\.+*?()|[]{}^$".contains(character) { result.append("\\") }
      result.append(character)
    }
    return result
  }
}
