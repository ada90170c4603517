import ArgoModel
import Foundation

/// A Kubernetes label selector: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`,
/// joined by commas (all must hold).
struct LabelSelector: Sendable {
  enum Requirement: Sendable {
    case equals(String, String)
    case notEquals(String, String)
    case exists(String)
    case notExists(String)
    case isIn(String, Set<String>)
    case notIn(String, Set<String>)
  }

  var requirements: [Requirement] = []

  init(_ text: String?) throws(SimulatorFailure) {
    guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
    for term in LabelSelector.terms(text) {
      requirements.append(try LabelSelector.requirement(term))
    }
  }

  func matches(_ labels: [String: String]) -> Bool {
    requirements.allSatisfy { requirement in
      switch requirement {
      case .equals(let key, let value): return labels[key] == value
      case .notEquals(let key, let value): return labels[key] != value
      case .exists(let key): return labels[key] != nil
      case .notExists(let key): return labels[key] == nil
      case .isIn(let key, let values): return labels[key].map(values.contains) ?? false
      case .notIn(let key, let values): return labels[key].map { !values.contains($0) } ?? true
      }
    }
  }

  /// The terms between the commas that are not inside a set's parentheses.
  private static func terms(_ text: String) -> [String] {
    var terms: [String] = []
    var current = ""
    var depth = 0
    for character in text {
      switch character {
      case "(": depth += 1
      case ")": depth -= 1
      case "," where depth == 0:
        terms.append(current)
        current = ""
        continue
      default: break
      }
      current.append(character)
    }
    terms.append(current)
    return terms.map { $0.trimmingCharacters(in: .whitespaces) }
  }

  private static func requirement(_ term: String) throws(SimulatorFailure) -> Requirement {
    let words = term.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    if words.count >= 3, ["in", "notin"].contains(words[1]) {
      let key = try validKey(words[0], term)
      let rest = words[2...].joined(separator: " ")
      guard rest.hasPrefix("("), rest.hasSuffix(")") else {
        throw .invalid("unable to parse requirement: found '\(rest)', expected: '('")
      }
      let values = Set(rest.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
      return words[1] == "in" ? .isIn(key, values) : .notIn(key, values)
    }
    if term.hasPrefix("!") {
      return .notExists(try validKey(String(term.dropFirst()).trimmingCharacters(in: .whitespaces), term))
    }
    for (symbol, negated) in [("!=", true), ("==", false), ("=", false)] {
      if let range = term.range(of: symbol) {
        let key = try validKey(term[..<range.lowerBound].trimmingCharacters(in: .whitespaces), term)
        let value = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard value.allSatisfy(LabelSelector.isLabelCharacter) else {
          throw .invalid("unable to parse requirement: invalid label value: \"\(value)\"")
        }
        return negated ? .notEquals(key, value) : .equals(key, value)
      }
    }
    return .exists(try validKey(term, term))
  }

  private static func validKey(_ key: String, _ term: String) throws(SimulatorFailure) -> String {
    guard !key.isEmpty, key.allSatisfy({ isLabelCharacter($0) || $0 == "/" }) else {
      throw .invalid("unable to parse requirement: invalid label key \"\(key)\" in \"\(term)\"")
    }
    return key
  }

  private static func isLabelCharacter(_ character: Character) -> Bool {
    character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
  }
}

/// A field selector over the fields Kubernetes serves for custom resources: `metadata.name`
/// and `metadata.namespace`, with `=`, `==` or `!=`.
struct FieldSelector: Sendable {
  var requirements: [(field: String, value: String, negated: Bool)] = []

  init(_ text: String?) throws(SimulatorFailure) {
    guard let text, !text.isEmpty else { return }
    for term in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      let negated = term.contains("!=")
      let separator = negated ? "!=" : (term.contains("==") ? "==" : "=")
      guard let range = term.range(of: separator) else {
        throw .invalid("invalid selector: '\(term)'; can't understand '\(term)'")
      }
      let field = String(term[..<range.lowerBound])
      guard field == "metadata.name" || field == "metadata.namespace" else {
        throw .invalid("field label not supported: \(field)")
      }
      requirements.append((field, String(term[range.upperBound...]), negated))
    }
  }

  /// The one name the selector asks for, if any (`metadata.name=NAME`).
  var name: String? {
    requirements.first { $0.field == "metadata.name" && !$0.negated }?.value
  }

  func matches(name: String, namespace: String) -> Bool {
    requirements.allSatisfy { requirement in
      let actual = requirement.field == "metadata.name" ? name : namespace
      return (actual == requirement.value) != requirement.negated
    }
  }
}

/// The Argo Server's `fields` parameter: a comma-separated list of dotted paths to keep, or,
/// with a leading `-`, to drop. Paths go through arrays (`items.metadata.name` keeps the name
/// of every item).
enum FieldsFilter {
  static func apply(_ fields: String?, to value: JSONValue) -> JSONValue {
    guard var fields, !fields.isEmpty else { return value }
    let exclude = fields.hasPrefix("-")
    if exclude { fields.removeFirst() }
    let paths = fields.split(separator: ",").map { $0.split(separator: ".").map(String.init) }
    if exclude {
      return paths.reduce(value) { removing($0, path: $1[...]) }
    }
    return keeping(value, paths: paths.map { $0[...] })
  }

  private static func removing(_ value: JSONValue, path: ArraySlice<String>) -> JSONValue {
    guard let key = path.first else { return value }
    switch value {
    case .array(let elements):
      return .array(elements.map { removing($0, path: path) })
    case .object(var object):
      if path.count == 1 {
        object[key] = nil
      } else if let child = object[key] {
        object[key] = removing(child, path: path.dropFirst())
      }
      return .object(object)
    default:
      return value
    }
  }

  private static func keeping(_ value: JSONValue, paths: [ArraySlice<String>]) -> JSONValue {
    if paths.contains(where: \.isEmpty) { return value }
    switch value {
    case .array(let elements):
      return .array(elements.map { keeping($0, paths: paths) })
    case .object(let object):
      var kept = JSONObject()
      for member in object {
        let below = paths.filter { $0.first == member.key }.map { $0.dropFirst() }
        if !below.isEmpty { kept.append(member.key, keeping(member.value, paths: below)) }
      }
      return .object(kept)
    default:
      return value
    }
  }
}

/// Argo's node field selector (`displayName=approve`, `templateName=gate,phase=Running`):
/// fields of a node's status, all of which must match.
struct NodeFieldSelector: Sendable {
  var requirements: [(field: String, value: String, negated: Bool)] = []
  /// The selector as it was given.
  var text = ""

  init(_ text: String?) {
    guard let text, !text.isEmpty else { return }
    self.text = text
    for term in text.split(separator: ",") {
      let negated = term.contains("!=")
      let parts = term.split(separator: negated ? "!=" : "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      requirements.append((parts[0].replacingOccurrences(of: "=", with: ""), parts[1], negated))
    }
  }

  var isEmpty: Bool { requirements.isEmpty }

  func matches(_ node: JSONValue) -> Bool {
    requirements.allSatisfy { requirement in
      let actual: String?
      if requirement.field.hasPrefix("inputs.parameters."), requirement.field.hasSuffix(".value") {
        let name = requirement.field.dropFirst("inputs.parameters.".count).dropLast(".value".count)
        actual = node.at("inputs", "parameters")?.elements.first { $0["name"]?.stringValue == String(name) }?["value"]?.scalarText
      } else {
        actual = node.at(requirement.field.split(separator: ".").map(String.init))?.scalarText
      }
      return (actual == requirement.value) != requirement.negated
    }
  }
}
