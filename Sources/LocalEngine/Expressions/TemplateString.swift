import ArgoModel

/// What to do with a `{{...}}` that the scope cannot resolve.
///
/// Argo resolves a template in several passes (globals first, then inputs, then the outputs of
/// earlier steps and loop items), and lets each pass leave what it cannot resolve yet.
public struct UnresolvedPolicy: Sendable, Hashable {
  enum Mode: Sendable, Hashable {
    case fail
    case keep
    case keepExcept([String])
  }

  let mode: Mode

  /// Every tag must resolve: an unknown variable, or an expression that fails, is an error.
  public static let fail = UnresolvedPolicy(mode: .fail)

  /// Tags that cannot be resolved are left as they are, for a later pass: an unknown `{{name}}`,
  /// and a `{{= expression}}` that fails or gives nothing.
  public static let keep = UnresolvedPolicy(mode: .keep)

  /// Like ``keep``, except that names under `roots` must resolve (Argo's strict prefixes: a
  /// task's `item` and `tasks` references must resolve when it is expanded). Output artifacts
  /// (`….outputs.artifacts.…`) are still kept: they may be optional.
  public static func keep(except roots: [String]) -> UnresolvedPolicy {
    UnresolvedPolicy(mode: .keepExcept(roots))
  }

  /// Whether an unresolved `name` may be kept.
  func mayKeep(_ name: String) -> Bool {
    switch mode {
    case .fail: return false
    case .keep: return true
    case .keepExcept(let roots):
      if name.contains(".outputs.artifacts.") { return true }
      return !roots.contains { name == $0 || name.hasPrefix($0 + ".") }
    }
  }

  /// Whether a failing expression that refers to `references` may be kept.
  func mayKeepExpression(referring references: [String]) -> Bool {
    switch mode {
    case .fail: return false
    case .keep: return true
    case .keepExcept: return references.allSatisfy(mayKeep)
    }
  }
}

/// Substitution of Argo's `{{...}}` tags, as Argo's controller does it.
///
/// Two kinds of tag:
/// - `{{name}}`: the value of a variable; whitespace inside the braces is ignored
///   (`{{ inputs.parameters.x }}`). Strings are inserted as they are; numbers, Booleans, objects and
///   lists as compact JSON, as Go's `encoding/json` writes them (an object's keys sorted, as Argo
///   writes a `withItems` map).
/// - `{{= expression}}`: an expr-lang expression (see ``ExprLanguage``), whose result is inserted
///   the same way. The `=` must follow the braces directly; `{{ =x }}` is a plain (unknown) name.
///
/// A tag ends at the first `}}`; a `{{` without a closing `}}` is an error, as in Argo. A tag
/// holding another `{{` (`{{inputs.parameters.{{item}}}}`) has its inner name substituted first,
/// leaving `{{inputs.parameters.a}}` for a later pass.
///
/// Scanning is a single pass over the text's bytes; text without `{{` is returned as it is.
///
/// ```swift
/// let scope: ExpressionScope = ["inputs.parameters.vintage": "2009", "item": ["a": 1]]
/// try TemplateString.render("collect {{inputs.parameters.vintage}}", scope: scope)  // "collect 2009"
/// try TemplateString.render("{{item}}", scope: scope)                                // "{\"a\":1}"
/// try TemplateString.render("{{=asInt(inputs.parameters.vintage) + 1}}", scope: scope)  // "2010"
/// try TemplateString.render("{{tasks.a.outputs.result}}", scope: scope, unresolved: .keep)
/// // "{{tasks.a.outputs.result}}"
/// ```
public enum TemplateString {
  /// Replaces every tag of `text`.
  ///
  /// - Parameters:
  ///   - text: The text, e.g. a container argument or a script's source.
  ///   - scope: The variables visible where the text is used.
  ///   - unresolved: What to do with tags that cannot be resolved.
  /// - Throws: `ExpressionError` for an unclosed `{{`, an unknown variable (with the closest
  ///   known names as a hint) or a failing expression, unless the policy keeps it; and for a
  ///   variable standing for an absent optional output, whatever the policy (as Argo).
  public static func render(
    _ text: String, scope: ExpressionScope, unresolved: UnresolvedPolicy = .fail
  ) throws(ExpressionError) -> String {
    var renderer = Renderer(scope: scope, policy: unresolved)
    return try renderer.render(text)
  }

  /// Replaces the tags of every string in `value` (object keys included), as Argo substitutes
  /// a template's JSON text.
  ///
  /// - Throws: as ``render(_:scope:unresolved:)``, with the path of the string in the message.
  public static func render(
    _ value: JSONValue, scope: ExpressionScope, unresolved: UnresolvedPolicy = .fail
  ) throws(ExpressionError) -> JSONValue {
    var renderer = Renderer(scope: scope, policy: unresolved)
    return try renderer.render(value, path: "")
  }

  /// The variables `text` refers to, in order of first use: the names of `{{name}}` tags, and
  /// the variables an expression tag reads (`inputs.parameters.x` for
  /// `{{=asInt(inputs.parameters['x'])}}`). Unparsable expressions contribute nothing.
  public static func references(in text: String) -> [String] {
    var names: [String] = []
    var seen = Set<String>()
    func add(_ name: String) {
      if seen.insert(name).inserted { names.append(name) }
    }
    for tag in tags(in: text) {
      switch tag {
      case .simple(let name):
        add(name)
      case .expression(let source):
        for name in ExprLanguage.references(in: source) { add(name) }
      }
    }
    return names
  }

  /// Whether `text` holds a `{{`.
  public static func containsTags(_ text: String) -> Bool {
    findTagStart(Array(text.utf8)[...], from: 0) != nil
  }

  /// A value as Argo substitutes it: strings as they are, numbers as written, Booleans as
  /// `true`/`false`, `null` as `null`, objects and lists as compact JSON.
  public static func text(of value: JSONValue) -> String {
    switch value {
    case .string(let string): return string
    case .number(let number): return number.text
    case .bool(let bool): return bool ? "true" : "false"
    case .null: return "null"
    case .array, .object: return GoFormat.json(value, keys: .sortedTopLevel)
    }
  }

  // MARK: Scanning

  enum Tag {
    case simple(String)
    case expression(String)
  }

  static func tags(in text: String) -> [Tag] {
    let bytes = Array(text.utf8)
    var result: [Tag] = []
    var position = 0
    while let start = findTagStart(bytes[...], from: position) {
      guard let end = findTagEnd(bytes[...], from: start + 2) else { break }
      let inner = bytes[(start + 2)..<end]
      if inner.first == UInt8(ascii: "=") {
        result.append(.expression(String(decoding: inner.dropFirst(), as: UTF8.self)))
      } else {
        result.append(.simple(trimmed(String(decoding: inner, as: UTF8.self))))
      }
      position = end + 2
    }
    return result
  }

  static func findTagStart(_ bytes: ArraySlice<UInt8>, from position: Int) -> Int? {
    var index = position
    let last = bytes.endIndex - 1
    while index < last {
      if bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") { return index }
      index += 1
    }
    return nil
  }

  static func findTagEnd(_ bytes: ArraySlice<UInt8>, from position: Int) -> Int? {
    var index = position
    let last = bytes.endIndex - 1
    while index < last {
      if bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}") { return index }
      index += 1
    }
    return nil
  }

  static func trimmed(_ text: String) -> String {
    guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
    guard let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
    if first == text.startIndex, last == text.index(before: text.endIndex) { return text }
    return String(text[first...last])
  }

  // MARK: Rendering

  private struct Renderer {
    let scope: ExpressionScope
    let policy: UnresolvedPolicy
    /// The expression environment, built on the first `{{=` of this rendering.
    var environment: ExprEnvironment?

    init(scope: ExpressionScope, policy: UnresolvedPolicy) {
      self.scope = scope
      self.policy = policy
    }

    mutating func render(_ value: JSONValue, path: String) throws(ExpressionError) -> JSONValue {
      switch value {
      case .string(let string):
        do {
          return .string(try render(string))
        } catch {
          throw error.at(path)
        }
      case .array(let elements):
        var result: [JSONValue] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
          result.append(try render(element, path: path + "[\(index)]"))
        }
        return .array(result)
      case .object(let object):
        var members: [JSONObject.Member] = []
        members.reserveCapacity(object.count)
        for member in object {
          let memberPath = path.isEmpty ? member.key : path + "." + member.key
          var key = member.key
          if TemplateString.containsTags(key) {
            do {
              key = try render(key)
            } catch {
              throw error.at(memberPath)
            }
          }
          members.append(JSONObject.Member(key: key, value: try render(member.value, path: memberPath)))
        }
        return .object(JSONObject(members))
      case .null, .bool, .number:
        return value
      }
    }

    mutating func render(_ text: String) throws(ExpressionError) -> String {
      var contiguous = text
      let result: Result<String, ExpressionError> = contiguous.withUTF8 { buffer in
        Result { () throws(ExpressionError) in try render(bytes: buffer, text: text) }
      }
      return try result.get()
    }

    private mutating func render(bytes: UnsafeBufferPointer<UInt8>, text: String) throws(ExpressionError) -> String {
      let count = bytes.count
      var output: [UInt8] = []
      var position = 0
      while true {
        guard let start = Renderer.find(UInt8(ascii: "{"), in: bytes, from: position) else { break }
        if output.isEmpty, position == 0 { output.reserveCapacity(count + 64) }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<start]))
        guard let end = Renderer.find(UInt8(ascii: "}"), in: bytes, from: start + 2) else {
          let offset = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<start]), as: UTF8.self).count
          throw ExpressionError(
            .syntax, "unclosed {{: no }} after it", expression: text, offset: offset,
            hint: "close the tag with }}, or, for a literal {{ in a script, build it from parts")
        }
        let inner = UnsafeBufferPointer(rebasing: bytes[(start + 2)..<end])
        try substitute(tag: inner, into: &output, text: text, tagStart: start, bytes: bytes)
        position = end + 2
      }
      if position == 0 { return text }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<count]))
      return String(decoding: output, as: UTF8.self)
    }

    /// The first index of a doubled `byte` at or after `position`.
    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from position: Int) -> Int? {
      var index = position
      let last = bytes.count - 1
      while index < last {
        if bytes[index] == byte {
          if bytes[index + 1] == byte { return index }
          index += 1
        } else {
          index += 1
        }
      }
      return nil
    }

    private mutating func substitute(
      tag: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], text: String, tagStart: Int,
      bytes: UnsafeBufferPointer<UInt8>
    ) throws(ExpressionError) {
      func keepTag() {
        output.append(contentsOf: "{{".utf8)
        output.append(contentsOf: tag)
        output.append(contentsOf: "}}".utf8)
      }
      func offset() -> Int {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<tagStart]), as: UTF8.self).count
      }

      if tag.first == UInt8(ascii: "=") {
        let source = String(decoding: UnsafeBufferPointer(rebasing: tag[1...]), as: UTF8.self)
        let expressionEnvironment = environment ?? ExprEnvironment(scope: scope)
        environment = expressionEnvironment
        do {
          let text = try ExprLanguage.substitution(source, environment: expressionEnvironment)
          output.append(contentsOf: text.utf8)
        } catch {
          if error.code != .absentValue,
            policy.mayKeepExpression(referring: ExprLanguage.references(in: source))
          {
            keepTag()
            return
          }
          var located = error
          if located.expression.isEmpty { located.expression = source }
          located.message = "in {{=\(source)}}: " + located.message
          throw located
        }
        return
      }

      let name = TemplateString.trimmed(String(decoding: tag, as: UTF8.self))
      if let value = scope[name] {
        if case .null = value {
          throw ExpressionError(
            .absentValue, "{{\(name)}} is an absent optional output (its step was skipped or omitted, and it has no default)",
            expression: text, offset: offset(),
            hint: "give the output parameter a `valueFrom.default`, give the input a `default`, or use {{=\(name) ?? 'fallback'}}",
            variable: name)
        }
        output.append(contentsOf: TemplateString.text(of: value).utf8)
        return
      }
      // A nested tag, `{{inputs.parameters.{{item}}`: substitute the inner name, keep the outer
      // opening braces for a later pass.
      let raw = String(decoding: tag, as: UTF8.self)
      if let nested = TemplateString.lastOpening(in: raw), nested.lowerBound > raw.startIndex {
        let nestedName = String(raw[nested.upperBound...])
        if let value = scope[nestedName] {
          if case .null = value {
            throw ExpressionError(
              .absentValue, "cannot substitute the nested tag {{\(raw)}}: {{\(nestedName)}} is an absent optional output",
              expression: text, offset: offset(), variable: nestedName)
          }
          output.append(contentsOf: "{{".utf8)
          output.append(contentsOf: raw[..<nested.lowerBound].utf8)
          output.append(contentsOf: TemplateString.text(of: value).utf8)
          return
        }
      }
      if policy.mayKeep(name) {
        keepTag()
        return
      }
      throw ExpressionError(
        .unresolvedVariable, "unresolved variable {{\(name)}}", expression: text, offset: offset(),
        hint: TemplateString.unresolvedHint(for: name, in: scope), variable: name)
    }
  }

  /// The range of the last `{{` in `text`.
  static func lastOpening(in text: String) -> Range<String.Index>? {
    var found: Range<String.Index>?
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(after: index)
      if text[index] == "{", next < text.endIndex, text[next] == "{" {
        found = index..<text.index(after: next)
      }
      index = next
    }
    return found
  }

  /// "Did you mean …", or the names known under the longest matching prefix.
  static func unresolvedHint(for name: String, in scope: ExpressionScope) -> String? {
    if let hint = Suggestions.hint(for: name, among: scope.values.keys) { return hint }
    var prefix = Substring(name)
    while let dot = prefix.lastIndex(of: ".") {
      prefix = prefix[..<dot]
      let siblings = scope.values.keys.filter { $0.hasPrefix(prefix + ".") }.sorted()
      if !siblings.isEmpty {
        let shown = siblings.prefix(8).joined(separator: ", ")
        return "known under \(prefix): \(shown)\(siblings.count > 8 ? ", …" : "")"
      }
    }
    return scope.isEmpty ? "no variable is defined here" : nil
  }
}

extension ExpressionError {
  /// The error, with the place in a template's JSON where it happened.
  func at(_ path: String) -> ExpressionError {
    guard !path.isEmpty else { return self }
    var copy = self
    copy.message = "\(path): \(message)"
    return copy
  }
}
