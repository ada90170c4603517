import ArgoModel
import Foundation
import Testing

@testable import ArgoClient

@Suite struct StreamFramingTests {
  /// Feeds `text` to a framer in chunks of `size` bytes and returns the messages as text.
  func frame(_ text: String, framing: StreamFramer.Framing, chunk size: Int) -> [String] {
    var framer = StreamFramer(framing: framing)
    let bytes = Array(text.utf8)
    var messages: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + size)
      messages += framer.append(Array(bytes[start..<end]))
      start = end
    }
    messages += framer.finish()
    return messages.map { String(decoding: $0, as: UTF8.self) }
  }

  @Test(arguments: [1, 2, 7, 1000])
  func newlineDelimitedJSONInAnyChunking(size: Int) {
    let text = "{\"result\":{\"a\":1}}\n\n{\"result\":{\"b\":\"x\\ny\"}}\r\n{\"result\":{\"c\":3}}"
    #expect(frame(text, framing: .lines, chunk: size) == [#"{"result":{"a":1}}"#, #"{"result":{"b":"x\ny"}}"#, #"{"result":{"c":3}}"#])
  }

  @Test(arguments: [1, 3, 1000])
  func serverSentEventsSkipCommentsAndOtherFields(size: Int) {
    let text =
      ": keep-alive\n\ndata: {\"result\":1}\n\nevent: message\nid: 7\ndata:{\"result\":2}\n\n:\ndata: {\"res\ndata: ult\":3}\n\ndata: {\"result\":4}"
    #expect(
      frame(text, framing: .serverSentEvents, chunk: size) == [#"{"result":1}"#, #"{"result":2}"#, "{\"res\nult\":3}", #"{"result":4}"#])
  }

  @Test func framingFollowsTheContentType() {
    #expect(StreamFramer.framing(contentType: "text/event-stream; charset=utf-8") == .serverSentEvents)
    #expect(StreamFramer.framing(contentType: "application/json") == .lines)
    #expect(StreamFramer.framing(contentType: nil) == .lines)
  }

  @Test func aLargeMessageInManyChunksIsScannedOnce() {
    // 4 MB in 4 KB chunks: a framer that rescans its buffer would do a billion steps.
    let payload = "{\"result\":\"" + String(repeating: "x", count: 4 << 20) + "\"}\n"
    let messages = frame(payload, framing: .lines, chunk: 4096)
    #expect(messages.count == 1)
    #expect(messages.first?.utf8.count == payload.utf8.count - 1)
  }

  @Test func inBandErrorsBecomeArgoErrors() throws {
    let (stream, continuation) = AsyncThrowingStream<JSONValue, any Error>.makeStream()
    _ = stream
    let payload = Array(
      #"{"error":{"grpc_code":5,"http_code":404,"message":"workflows.argoproj.io \"x\" not found","http_status":"Not Found"}}"#.utf8)
    #expect {
      try ArgoClient.deliverMessage(payload, what: "watch workflows", to: continuation)
    } throws: { error in
      guard let error = error as? ArgoError else { return false }
      return error.kind == .notFound && error.serverMessage == #"workflows.argoproj.io "x" not found"#
    }
    let gone = ArgoError.inBand(["http_code": 410, "message": "too old resource version: 5 (10)"], what: "watch")
    #expect(gone.isExpiredVersion)
  }

  @Test func resourceVersionsCompareAsNumbersWhenTheyAre() {
    #expect(ArgoClient.isNewer("10", than: "9"))
    #expect(!ArgoClient.isNewer("9", than: "10"))
    #expect(!ArgoClient.isNewer("10", than: "10"))
    #expect(ArgoClient.isNewer("b", than: "a"))
  }

  @Test func logLinesGivenBeforeAResumptionAreSkipped() {
    var resume = LogResumption()
    #expect(resume.accept(podName: "p1", content: "2026-11-25T10:00:01.5Z first") == "first")
    #expect(resume.accept(podName: "p1", content: "2026-11-25T10:00:02Z second") == "second")
    #expect(resume.accept(podName: "p2", content: "2026-11-25T10:00:01Z other pod") == "other pod")
    #expect(resume.restartSeconds == Int64(Time("2026-11-25T10:00:01Z").date!.timeIntervalSince1970) - 1)
    // After a reconnection, the server sends again from the restart time.
    #expect(resume.accept(podName: "p1", content: "2026-11-25T10:00:01.5Z first") == nil)
    #expect(resume.accept(podName: "p2", content: "2026-11-25T10:00:01Z other pod") == nil)
    #expect(resume.accept(podName: "p1", content: "2026-11-25T10:00:02Z second") == nil)
    #expect(resume.accept(podName: "p1", content: "2026-11-25T10:00:02Z second, same second") == "second, same second")
    #expect(resume.accept(podName: "p1", content: "2026-11-25T10:00:03Z third") == "third")
    #expect(resume.accept(podName: "p3", content: "no timestamp") == "no timestamp")
  }
}

@Suite struct ClientPieceTests {
  @Test func podNamesAreArgos() {
    #expect(Workflow.fnv32a("hello") == 1_335_831_723)
    #expect(Workflow.fnv32a("world") == 933_488_787)
    var workflow = Workflow(metadata: ObjectMeta(name: "collect-x7k2p"))
    let node = NodeStatus(name: "collect-x7k2p.fetch(0:lyon)", id: "collect-x7k2p-1", templateName: "fetch", type: "Pod")
    #expect(workflow.podName(of: node) == "collect-x7k2p-fetch-\(Workflow.fnv32a("collect-x7k2p.fetch(0:lyon)"))")
    #expect(workflow.podName(of: NodeStatus(name: "collect-x7k2p", id: "collect-x7k2p", type: "DAG")) == nil)
    workflow.metadata.annotations = [Workflow.podNameFormatAnnotation: "v1"]
    #expect(workflow.podName(of: node) == "collect-x7k2p-1")
    let long = Workflow(metadata: ObjectMeta(name: String(repeating: "w", count: 200)))
    let name = long.podName(of: NodeStatus(name: "n", id: "i", templateName: String(repeating: "t", count: 100), type: "Pod"))
    #expect((name?.count ?? 0) <= 253)
  }

  @Test func gzipRoundTripsAndRejectsGarbage() throws {
    let text = Array(String(repeating: "{\"phase\":\"Succeeded\"},", count: 2000).utf8)
    let compressed = Gzip.deflate(text)
    #expect(compressed.count < text.count / 10)
    #expect(Gzip.inflate(compressed) == text)
    #expect(Gzip.inflate(Array("not gzip".utf8)) == nil)
  }

  @Test func queryValuesAreEscapedForGo() throws {
    let address = try ArgoServerAddress("https://argo.example:2746/argo")
    let url = address.url("/api/v1/workflows/lyon", query: [("listOptions.labelSelector", "a in (x,y),b=c+d"), ("grep", "a&b#c")])
    #expect(url.absoluteString.contains("listOptions.labelSelector=a%20in%20(x,y),b%3Dc%2Bd"))
    #expect(url.absoluteString.contains("grep=a%26b%23c"))
    #expect(url.path == "/argo/api/v1/workflows/lyon")
  }
}
