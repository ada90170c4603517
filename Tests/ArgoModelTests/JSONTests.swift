import ArgoTestSupport
import Testing

@testable import ArgoModel

@Suite struct JSONTests {
  func parse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
  }

  @Test func mergesAsAKubernetesPatchMerges() {
    let base: JSONValue = ["container": ["image": "busybox", "args": ["ls"], "workingDir": "/src"], "name": "defaults"]
    let own: JSONValue = ["container": ["args": ["echo"]], "name": "t"]
    // Objects member by member, all the way down; lists and scalars replaced whole.
    #expect(own.merged(over: base) == ["container": ["image": "busybox", "args": ["echo"], "workingDir": "/src"], "name": "t"])
    #expect(JSONValue.string("x").merged(over: base) == "x")
    #expect(own.merged(over: ["other": 1]) == ["other": 1, "container": ["args": ["echo"]], "name": "t"])
  }

  @Test func parsesEveryKindOfValue() throws {
    let value = try parse(
      #"{"s": "a\"b\\c\n\u00e9\ud83d\ude00", "n": -1.50e3, "i": 42, "t": true, "f": false, "z": null, "a": [], "o": {}}"#)
    #expect(value["s"] == .string("a\"b\\c\né😀"))
    #expect(value["n"]?.numberValue?.text == "-1.50e3")
    #expect(value["i"]?.numberValue?.intValue == 42)
    #expect(value["t"] == .bool(true))
    #expect(value["f"] == .bool(false))
    #expect(value["z"] == .null)
    #expect(value["a"] == .array([]))
    #expect(value["o"] == .object([:]))
    #expect(value.objectValue?.keys == ["s", "n", "i", "t", "f", "z", "a", "o"])
  }

  @Test func writesWhatItReads() throws {
    let original: JSONValue = [
      "text": "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀", "number": .number(JSONNumber("1.10")!),
      "list": [1, "two", nil, true, ["nested": []]],
    ]
    for style in [JSONWriter.Style.compact, .pretty] {
      var writer = JSONWriter(style: style)
      writer.write(original)
      let reread = try JSONParser.parse(writer.bytes)
      #expect(reread == original)
      #expect(reread["number"]?.numberValue?.text == "1.10", "numbers keep their text")
    }
    var compact = JSONWriter(style: .compact)
    compact.write(["a": [1, 2]])
    #expect(compact.string == #"{"a":[1,2]}"#)
  }

  @Test func readsAStreamOfValues() throws {
    let documents = try JSONParser.parseStream(Array(" {\"a\": 1}\n{\"b\": 2} [3]".utf8), maxDepth: 10)
    #expect(documents.map(\.value) == [["a": 1], ["b": 2], [3]])
    #expect(documents.map(\.offset) == [1, 10, 19])
  }

  @Test(arguments: [
    (#"{"a": }"#, "1: unexpected '}', expected a value"),
    ("{\"a\": 1,\n\"b\" 2}", "2: unexpected '2', expected ':' after the member name"),
    (#"[1, 2"#, "unexpected end of input inside the array opened at line 1"),
    (#"{"a": "unterminated}"#, "unterminated string"),
    (#"{"a": 01}"#, "malformed number \"01\""),
    (#"{"a": tru}"#, "unexpected 't', expected a value"),
    ("{\"a\": \"x\ny\"}", "control character"),
    (#"{"a": "\x"}"#, "invalid escape"),
    (#"{"a": "\ud800"}"#, "unpaired surrogate"),
    (#"{a: 1}"#, "expected a member name in double quotes"),
  ])
  func reportsSyntaxErrors(text: String, expected: String) {
    #expect {
      _ = try JSONParser.parse(Array(text.utf8))
    } throws: { error in
      let description = "\(error)"
      return description.contains(expected) && (error as? ManifestError)?.code == .syntax
    }
  }

  @Test func laterDuplicateKeyWinsWithAWarning() throws {
    let documents = try JSONParser.parseStream(Array("{\"a\": 1,\n \"a\": 2}".utf8), maxDepth: 10)
    #expect(documents[0].value == ["a": 2])
    #expect(documents[0].warnings.count == 1)
    #expect(documents[0].warnings[0].line == 2)
    #expect("\(documents[0].warnings[0])".contains("duplicate key \"a\""))
  }

  @Test func largeObjectsDetectDuplicatesWithoutQuadraticCost() throws {
    var text = "{"
    for index in 0..<5_000 { text += "\"k\(index)\": \(index)," }
    text += "\"k17\": -1}"
    let documents = try JSONParser.parseStream(Array(text.utf8), maxDepth: 10)
    #expect(documents[0].value.objectValue?.count == 5_000)
    #expect(documents[0].value["k17"] == -1)
    #expect(documents[0].warnings.count == 1)
  }

  @Test func refusesDeepNestingWithoutExhaustingTheStack() {
    let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
    #expect {
      _ = try JSONParser.parseStream(Array(deep.utf8), maxDepth: 256)
    } throws: { error in
      (error as? ManifestError)?.code == .limitExceeded && "\(error)".contains("nesting deeper than 256 levels")
    }
    let allowed = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
    #expect((try? JSONParser.parseStream(Array(allowed.utf8), maxDepth: 256)) != nil)
  }

  @Test func numbersCompareByValue() {
    #expect(JSONNumber("1")! == JSONNumber("1.0")!)
    #expect(JSONNumber("1e2")! == JSONNumber(100))
    #expect(JSONNumber("1")!.hashValue == JSONNumber("1.0")!.hashValue)
    #expect(JSONNumber("1.5")! != JSONNumber("1")!)
    #expect(JSONNumber("01") == nil)
    #expect(JSONNumber("1.") == nil)
    #expect(JSONNumber(".5") == nil)
    #expect(JSONNumber("-0") != nil)
    #expect(JSONNumber(2.5).text == "2.5")
    #expect(JSONNumber(3.0).text == "3")
  }

  @Test func objectsCompareWithoutRegardToOrder() {
    let a: JSONValue = ["x": 1, "y": [1, 2]]
    let b: JSONValue = ["y": [1, 2], "x": 1]
    #expect(a == b)
    #expect(a.hashValue == b.hashValue)
    #expect(a != ["x": 1, "y": [2, 1]])
    #expect(a != ["x": 1])
  }

  @Test func locatesPathsForErrorLines() {
    let text = Array("{\n  \"spec\": {\n    \"templates\": [\n      {\"name\": \"a\"},\n      {\"name\": \"b\"}\n    ]\n  }\n}".utf8)
    let path = ValuePath([.key("spec"), .key("templates"), .index(1), .key("name")])
    let offset = JSONParser.locate(path, in: text, documentOffset: 0)
    let line = text.withUnsafeBufferPointer { JSONParser.lineAndColumn(of: offset!, in: $0).line }
    #expect(line == 5)
  }
}
