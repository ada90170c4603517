import Foundation

/// The JSONPath subset Argo's `jsonpath(text, path)` is used with: `$`, `.name`, `['name']`,
/// `[n]` (negative from the end), `[*]` and `.*`, slices `[a:b]`, and filters
/// `[?(@.age > 42 && @.name == 'x')]`, whose conditions are expr-lang expressions over `@`.
///
/// A path that can only select one value gives that value; one with a wildcard, a slice or a
/// filter gives the list of what it selected.
enum JSONPath {
  private enum Step {
    case key(String)
    case index(Int64)
    case wildcard
    case slice(Int64?, Int64?)
    case filter(ExprNode)
  }

  static func query(
    _ path: String, in document: ExprValue, call fail: (String) -> ExpressionError
  ) throws(ExpressionError) -> ExprValue {
    let steps = try parse(path, fail: fail)
    var selected = [document]
    var isList = false
    for step in steps {
      var next: [ExprValue] = []
      for value in selected {
        switch step {
        case .key(let key):
          if case .map(let map) = value, let member = map[key] {
            next.append(member)
          } else if !isList {
            throw fail("jsonpath \(path): no member `\(key)`")
          }
        case .index(let position):
          if case .array(let elements) = value, let found = ExprEvaluator.normalizedIndex(position, count: elements.count) {
            next.append(elements[found])
          } else if !isList {
            throw fail("jsonpath \(path): no element [\(position)]")
          }
        case .wildcard:
          isList = true
          if case .array(let elements) = value { next += elements }
          if case .map(let map) = value { next += map.sortedKeys.compactMap { map[$0] } }
        case .slice(let from, let to):
          isList = true
          guard case .array(let elements) = value else { continue }
          let count = Int64(elements.count)
          func clamp(_ bound: Int64?, _ fallback: Int64) -> Int {
            guard let bound else { return Int(fallback) }
            return Int(min(max(bound < 0 ? count + bound : bound, 0), count))
          }
          let lower = clamp(from, 0)
          let upper = clamp(to, count)
          if lower < upper { next += elements[lower..<upper] }
        case .filter(let condition):
          isList = true
          let candidates: [ExprValue]
          switch value {
          case .array(let elements): candidates = elements
          case .map(let map): candidates = map.sortedKeys.compactMap { map[$0] }
          default: candidates = []
          }
          var evaluator = ExprEvaluator(environment: ExprEnvironment(scope: ExpressionScope()), source: path)
          for (index, candidate) in candidates.enumerated() {
            // A condition that cannot be evaluated for an element (a missing member compared
            // with a number) does not select it.
            if let result = try? evaluator.apply(condition, to: candidate, index: index), result == .bool(true) {
              next.append(candidate)
            }
          }
        }
      }
      selected = next
    }
    if isList { return .array(selected) }
    return selected.first ?? .null
  }

  private static func parse(_ path: String, fail: (String) -> ExpressionError) throws(ExpressionError) -> [Step] {
    let characters = Array(path.trimmingCharacters(in: .whitespaces))
    guard characters.first == "$" else { throw fail("jsonpath \(path): a path starts with $") }
    var steps: [Step] = []
    var position = 1
    func readName() -> String {
      var name = ""
      while position < characters.count, characters[position] != ".", characters[position] != "[" {
        name.append(characters[position])
        position += 1
      }
      return name
    }
    while position < characters.count {
      let character = characters[position]
      if character == "." {
        position += 1
        if position < characters.count, characters[position] == "*" {
          position += 1
          steps.append(.wildcard)
          continue
        }
        let name = readName()
        guard !name.isEmpty else { throw fail("jsonpath \(path): a name is missing after `.`") }
        steps.append(.key(name))
      } else if character == "[" {
        // Find the matching `]`, skipping quoted text and nested brackets.
        var depth = 0
        var quote: Character?
        var end = position
        while end < characters.count {
          let c = characters[end]
          if let open = quote {
            if c == "\\" { end += 1 } else if c == open { quote = nil }
          } else if c == "'" || c == "\"" {
            quote = c
          } else if c == "[" {
            depth += 1
          } else if c == "]" {
            depth -= 1
            if depth == 0 { break }
          }
          end += 1
        }
        guard end < characters.count else { throw fail("jsonpath \(path): unclosed [") }
        let inner = String(characters[(position + 1)..<end]).trimmingCharacters(in: .whitespaces)
        position = end + 1
        steps.append(try bracketStep(inner, path: path, fail: fail))
      } else {
        throw fail("jsonpath \(path): unexpected `\(character)`")
      }
    }
    return steps
  }

  private static func bracketStep(_ inner: String, path: String, fail: (String) -> ExpressionError) throws(ExpressionError) -> Step {
    if inner == "*" { return .wildcard }
    if let first = inner.first, first == "'" || first == "\"", inner.count >= 2, inner.last == first {
      return .key(String(inner.dropFirst().dropLast()))
    }
    if inner.hasPrefix("?") {
      var condition = inner.dropFirst().trimmingCharacters(in: .whitespaces)
      if condition.hasPrefix("("), condition.hasSuffix(")") { condition = String(condition.dropFirst().dropLast()) }
      // `@` is the element: expr-lang's `#`.
      var translated = ""
      var quote: Character?
      for c in condition {
        if let open = quote {
          if c == open { quote = nil }
          translated.append(c)
        } else if c == "'" || c == "\"" {
          quote = c
          translated.append(c)
        } else {
          translated.append(c == "@" ? "#" : c)
        }
      }
      do {
        return .filter(try ExprParser.parse(translated))
      } catch {
        throw fail("jsonpath \(path): invalid filter `\(condition)`: \(error.message)")
      }
    }
    if inner.contains(":") {
      let parts = inner.split(separator: ":", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard parts.count == 2 else { throw fail("jsonpath \(path): slices with a step are not supported") }
      func bound(_ text: String) throws(ExpressionError) -> Int64? {
        if text.isEmpty { return nil }
        guard let value = Int64(text) else { throw fail("jsonpath \(path): invalid slice bound `\(text)`") }
        return value
      }
      return .slice(try bound(parts[0]), try bound(parts[1]))
    }
    if let index = Int64(inner) { return .index(index) }
    throw fail("jsonpath \(path): unsupported selector [\(inner)]")
  }
}
