import Testing

@testable import ArgoModel

/// Issue 13, defect 8: aliases got past the nesting limit (a 16 KB file nested 16,800 levels,
/// which `render -o json` wrote as 2.1 GB), and a long string aliased a thousand times grew to
/// 100 MB. The depth after expansion and what aliases add are now bounded, and the error names
/// the alias's line.
@Suite struct YAMLAliasLimitTests {
  func documents(_ text: String, maxDepth: Int = 128) throws(ManifestError) -> [YAMLComposer.Document] {
    let bytes = Array(text.utf8)
    let result: Result<[YAMLComposer.Document], ManifestError> = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(ManifestError) in try YAMLComposer(maxDepth: maxDepth).documents(in: buffer) }
    }
    return try result.get()
  }

  func failure(_ text: String) -> ManifestError? {
    do {
      _ = try documents(text)
      return nil
    } catch {
      return error
    }
  }

  static func nested(_ levels: Int, around inner: String) -> String {
    String(repeating: "[", count: levels) + inner + String(repeating: "]", count: levels)
  }

  @Test func anAliasPlacedDeepAddsItsDepth() throws {
    let text = "a: &deep \(Self.nested(100, around: "x"))\nb: \(Self.nested(100, around: "*deep"))\n"
    let error = try #require(failure(text))
    #expect(error.code == .limitExceeded)
    #expect(error.line == 2)
    #expect(error.message.contains("the alias *deep nests deeper than 128 levels"), "\(error)")
    // At the limit exactly, it is read: the mapping, 27 sequences, and the alias's 100.
    let fits = "a: &deep \(Self.nested(100, around: "x"))\nb: \(Self.nested(27, around: "*deep"))\n"
    #expect(try documents(fits).count == 1)
    #expect(failure("a: &deep \(Self.nested(100, around: "x"))\nb: \(Self.nested(28, around: "*deep"))\n") != nil)
  }

  @Test func chainedAliasesCannotBuildDepth() {
    // Each anchor nests the previous one ten levels deeper: the issue's 16,800 levels.
    var text = "a0: &a0 \(Self.nested(10, around: "x"))\n"
    for level in 1...1_680 { text += "a\(level): &a\(level) \(Self.nested(10, around: "*a\(level - 1)"))\n" }
    let error = failure(text)
    #expect(error?.code == .limitExceeded)
    #expect(error?.line == 13)
  }

  @Test func aliasesCannotExpandALongStringPastTheBudget() throws {
    let long = String(repeating: "x", count: 100_000)
    let aliases = { (count: Int) in "s: &s \(long)\nl: [\(Array(repeating: "*s", count: count).joined(separator: ", "))]\n" }
    // Thirty copies add 3 MB: within 4 MiB.
    #expect(try documents(aliases(30)).count == 1)
    let error = try #require(failure(aliases(1_000)))
    #expect(error.code == .limitExceeded)
    #expect(error.line == 2)
    #expect(error.message.contains("aliases expand to more than 4 MiB of text at the alias *s"), "\(error)")
  }

  @Test func aliasesCannotAddMoreThanTheirShareOfValues() throws {
    let text = "a: &a x\nl: [\(Array(repeating: "*a", count: 100_001).joined(separator: ","))]\n"
    let error = try #require(failure(text))
    #expect(error.message.contains("aliases expand to more than 100000 values at the alias *a"), "\(error)")
  }

  @Test func theManifestReaderNamesTheAliasLine() {
    let yaml = """
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: deep-}
      spec:
        entrypoint: main
        arguments: {parameters: [{name: a, value: &deep \(Self.nested(100, around: "x"))}]}
        templates:
        - name: main
          metadata: {annotations: {b: \(Self.nested(40, around: "*deep"))}}
          container: {image: busybox}
      """
    #expect {
      _ = try ManifestReader().read(yaml, source: "deep.yaml")
    } throws: { error in
      let error = error as? ManifestError
      return error?.line == 9 && error?.description.contains("deep.yaml:9") == true
    }
  }

  @Test func prettyJSONIndentsEachLineByItsLevel() {
    var value = JSONValue.string("x")
    for _ in 0..<5 { value = .array([value, .object(JSONObject([JSONObject.Member(key: "k", value: .null)]))]) }
    var writer = JSONWriter(style: .pretty)
    writer.writeDocument(value)
    let lines = writer.string.split(separator: "\n")
    #expect(lines.count == 26)
    #expect(lines.first == "[" && lines.last == "]")
    // The innermost string sits five levels in; each line is indented by two spaces a level.
    #expect(lines.contains(String(repeating: "  ", count: 5) + "\"x\","))
    #expect(lines.contains(String(repeating: "  ", count: 2) + "\"k\": null"))
  }
}
