import ArgoTestSupport
import Testing

@testable import ArgoModel

@Suite struct YAMLTests {
  func documents(_ text: String, maxDepth: Int = 256) throws -> [YAMLComposer.Document] {
    let bytes = Array(text.utf8)
    let result: Result<[YAMLComposer.Document], ManifestError> = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(ManifestError) in try YAMLComposer(maxDepth: maxDepth).documents(in: buffer) }
    }
    return try result.get()
  }

  func value(_ text: String) throws -> JSONValue {
    try documents(text)[0].value
  }

  /// Plain scalars are typed as go-yaml types them for Kubernetes; quoted ones are strings.
  @Test(arguments: [
    ("true", JSONValue.bool(true)), ("yes", .bool(true)), ("On", .bool(true)), ("y", .bool(true)),
    ("false", .bool(false)), ("NO", .bool(false)), ("off", .bool(false)),
    ("~", .null), ("null", .null), ("", .null),
    ("42", 42), ("-7", -7), ("0x1F", 31), ("0755", 493), ("0o17", 15), ("0b101", 5), ("1_000", 1000),
    ("1.10", .number(JSONNumber("1.10")!)), (".5", 0.5), ("1.", 1), ("+2.5", 2.5), ("1e3", .number(JSONNumber("1e3")!)),
    (".inf", "inf-as-text"), ("2009-01-01", "2009-01-01"), ("LYON_1ER", "LYON_1ER"), ("'yes'", "yes"), ("\"42\"", "42"),
    ("!!str 42", "42"), ("!!int \"42\"", 42), ("!!bool yes", .bool(true)),
  ])
  func resolvesScalars(text: String, expected: JSONValue) throws {
    let resolved = try value("v: \(text)\n")["v"]!
    if expected == "inf-as-text" {
      #expect(resolved == .string(".inf"))
    } else {
      #expect(resolved == expected, "\(text)")
    }
  }

  @Test func keepsNumberTextAndKeys() throws {
    let parsed = try value("1.10: 1.10\nyes: on\n")
    #expect(parsed.objectValue?.keys == ["1.10", "yes"], "keys are kept as written")
    #expect(parsed["1.10"]?.numberValue?.text == "1.10")
  }

  @Test func readsSeveralDocumentsAndSkipsEmptyOnes() throws {
    let parsed = try documents("---\na: 1\n---\n# only a comment\n---\nb: 2\n...\n---\n")
    #expect(parsed.map(\.value) == [["a": 1], ["b": 2]])
    #expect(parsed.map(\.line) == [2, 6])
    #expect(parsed.map(\.streamIndex) == [0, 2])
  }

  @Test func appliesAnchorsAliasesAndMergeKeys() throws {
    let parsed = try value(
      """
      defaults: &defaults
        image: busybox
        command: [sh]
      a:
        <<: *defaults
        image: alpine
      b: *defaults
      list: [&x 1, *x]
      """)
    #expect(parsed["a"] == ["image": "alpine", "command": ["sh"]], "a mapping's own keys win over merged ones")
    #expect(parsed["b"] == ["image": "busybox", "command": ["sh"]])
    #expect(parsed["list"] == [1, 1])
  }

  @Test func readsBlockScalars() throws {
    let parsed = try value("a: |\n  line 1\n   indented\n\n  last\nb: >-\n  folded\n  text\nc: |+\n  kept\n\n")
    #expect(parsed["a"] == "line 1\n indented\n\nlast\n")
    #expect(parsed["b"] == "folded text")
    #expect(parsed["c"] == "kept\n\n")
  }

  @Test func laterDuplicateKeyWinsWithAWarning() throws {
    let parsed = try documents("a: 1\nb: 2\na: 3\n")
    #expect(parsed[0].value == ["a": 3, "b": 2])
    #expect(parsed[0].warnings.count == 1)
    #expect(parsed[0].warnings[0].line == 3)
  }

  @Test func refusesDeepNestingWithoutExhaustingTheStack() {
    for deep in [
      "a: " + String(repeating: "[", count: 200_000),
      String(repeating: "- ", count: 100_000) + "x",
      "a: " + String(repeating: "{b: ", count: 100_000),
    ] {
      #expect {
        _ = try documents(deep)
      } throws: { error in
        (error as? ManifestError)?.code == .limitExceeded || (error as? ManifestError)?.code == .syntax
      }
    }
  }

  @Test func stopsABillionLaughs() {
    var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
      let previous = "*a\(level - 1)"
      text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
    }
    #expect {
      _ = try documents(text)
    } throws: { error in
      (error as? ManifestError)?.code == .limitExceeded && "\(error)".contains("billion laughs")
    }
  }

  @Test(arguments: [
    ("a: [1, 2\n", "did not find expected ',' or ']'"),
    ("a: b: c\n", "mapping values are not allowed"),
    ("a:\n\t- b\n", "tab"),
    ("a: *missing\n", "unknown alias *missing"),
    ("? [a]\n: b\n", "a mapping key must be a scalar"),
    ("a: 1\n- b\n", "did not find expected key"),
    ("a: \"x\u{1}y\"\n", "control characters"),
  ])
  func reportsSyntaxErrorsWithLines(text: String, expected: String) {
    #expect {
      _ = try documents(text)
    } throws: { error in
      guard let error = error as? ManifestError else { return false }
      return "\(error)".contains(expected) && error.line != nil
    }
  }

  // MARK: Writing

  func roundTrip(_ value: JSONValue) throws -> JSONValue {
    var writer = YAMLWriter()
    writer.writeDocument(value)
    return try documents(writer.string).first?.value ?? .null
  }

  /// Strings that a careless writer would turn into something else when read back.
  static let trickyStrings = [
    "yes", "No", "on", "OFF", "y", "n", "true", "null", "~", "", " ", "  leading", "trailing ", "1", "-1", "1.10",
    "0x1F", "0755", "1e3", ".5", ".inf", "-.inf", ".nan", "2009-01-01", "12:30", "1_000", "+1", "<<", "=", "-", "--flag",
    "- item", "? q", ": c", "a: b", "a #b", "#comment", "&anchor", "*alias", "!tag", "|", ">", "'single'", "\"double\"",
    "%directive", "@at", "`tick", "{{inputs.parameters.x}}", "[list]", "{map}", "a, b", "---", "...", "key:", "é",
    "multi\nline", "multi\nline\n", "multi\n\nline\n\n", "\nleading newline", "tab\there", "cr\rhere", "bell\u{7}",
    "nbsp\u{A0}", "line sep\u{2028}", "bom\u{FEFF}", "emoji 😀", "  \n  ", "a\n  \nb", "last line spaces\n  ",
    "#!/bin/bash\necho hi\n", "  indented first\nsecond\n", "\t\ttabs\n",
  ]

  @Test func writesStringsThatReadBackUnchanged() throws {
    for string in YAMLTests.trickyStrings {
      let original: JSONValue = ["value": .string(string), "list": [.string(string)], .init(stringLiteral: string): "key"]
      #expect(try roundTrip(original) == original, "\(string.debugDescription)")
    }
  }

  @Test func writesTheLayoutKubectlWrites() {
    var writer = YAMLWriter()
    writer.writeDocument([
      "apiVersion": "v1", "metadata": ["name": "x", "labels": [:]],
      "list": [["name": "a", "args": ["--flag", "yes"]], [1, 2], []],
      "script": "echo 1\necho 2\n", "number": 1.5, "nothing": nil,
    ])
    #expect(
      writer.string == """
        apiVersion: v1
        metadata:
          name: x
          labels: {}
        list:
        - name: a
          args:
          - --flag
          - 'yes'
        - - 1
          - 2
        - []
        script: |
          echo 1
          echo 2
        number: 1.5
        nothing: null

        """)
  }

  @Test func writesNumbersEveryReaderTakesForNumbers() throws {
    #expect(YAMLWriter.yamlNumber("1e3") == "1.0e+3")
    #expect(YAMLWriter.yamlNumber("-2.5E-3") == "-2.5e-3")
    #expect(YAMLWriter.yamlNumber("42") == "42")
    #expect(try roundTrip(["n": .number(JSONNumber("1e3")!)]) == ["n": 1000])
  }

  @Test func separatesDocuments() throws {
    var writer = YAMLWriter()
    writer.writeDocument(["a": 1])
    writer.writeDocument(["b": 2])
    #expect(writer.string == "a: 1\n---\nb: 2\n")
    #expect(try documents(writer.string).map(\.value) == [["a": 1], ["b": 2]])
  }

  @Test func randomStringsReadBackUnchanged() throws {
    var random = SeededRandom(seed: 7)
    let alphabet = Array("ab yes:#-'\"\n\t\\{}[],&*!|>%@`~.0123456789\u{A0}é😀\u{85}\u{2028}")
    for _ in 0..<3_000 {
      let length = Int(random.next() % 12)
      let string = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
      let original: JSONValue = [.init(stringLiteral: string): .string(string), "l": [.string(string)]]
      #expect(try roundTrip(original) == original, "\(string.debugDescription)")
    }
  }
}

/// A small deterministic generator (SplitMix64), so that failures reproduce.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
