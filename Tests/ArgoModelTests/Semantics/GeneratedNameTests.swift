import ArgoModel
import Testing

@Suite("Names from generateName")
struct GeneratedNameTests {
  @Test("a short prefix is kept whole, with the suffix after it")
  func shortPrefix() {
    #expect(ObjectMeta.name(generatedFrom: "hello-", suffix: "x7k2p") == "hello-x7k2p")
  }

  @Test("a prefix longer than 58 characters is cut, as the API server cuts it: the name fits in 63")
  func longPrefix() {
    let prefix = "workflow-template-cmkeyselector-wf-global-arg-default-param-"  // 60 characters
    let name = ObjectMeta.name(generatedFrom: prefix, suffix: "abcde")
    #expect(name.count == 63)
    #expect(name == String(prefix.prefix(58)) + "abcde")
  }
}
