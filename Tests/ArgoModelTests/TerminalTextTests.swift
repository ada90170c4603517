import Testing

@testable import ArgoModel

/// Issue 13, defect 11: what a manifest or a server says reaches the terminal escaped and
/// shortened, and the reader's errors point at the bad byte, not at line 1.
@Suite struct TerminalTextTests {
  @Test func controlCharactersAreShownNotActedOn() {
    #expect(TerminalText.escaped("a\u{1B}[2Jb") == "a\\u{1B}[2Jb")
    #expect(TerminalText.escaped("over\rwrite\u{7F}\u{9B}\u{202E}") == "over\\u{D}write\\u{7F}\\u{9B}\\u{202E}")
    #expect(TerminalText.escaped("two\nlines\tand a tab") == "two\nlines\tand a tab")
    #expect(TerminalText.escaped("two\nlines", keepingLineBreaks: false) == "two\\u{A}lines")
    #expect(TerminalText.escaped("plain text, é and 日本") == "plain text, é and 日本")
  }

  @Test func longTextKeepsItsEndsAndSaysItsSize() {
    let long = String(repeating: "x", count: 8 << 20)
    #expect(TerminalText.shortened(long) == String(repeating: "x", count: 200) + "… (8388608 bytes)")
    #expect(TerminalText.shortened("abcdefgh", first: 2, last: 2) == "ab… (8 bytes) …gh")
    #expect(TerminalText.shortened("short") == "short")
    let line = "error: " + long + " (a hint)"
    let shown = TerminalText.forDisplay(line + "\nnext line\n")
    #expect(shown.utf8.count < 3_000)
    #expect(shown.hasPrefix("error: xxx") && shown.hasSuffix("x (a hint)\nnext line\n"))
    #expect(shown.contains("… (8388624 bytes) …"))
  }

  func readerError(_ bytes: [UInt8]) -> ManifestError? {
    do {
      _ = try ManifestReader().read(bytes, source: "bad.yaml", format: .yaml)
      return nil
    } catch {
      return error
    }
  }

  @Test func readerErrorsPointAtTheBadByte() throws {
    let control = try #require(readerError(Array("a: b\nc: \"x\u{1}y\"\n".utf8)))
    #expect(control.message.contains("control characters"))
    #expect(control.line == 2 && control.column == 6)
    let utf8 = try #require(readerError(Array("a: b\nc: d\ne: é".utf8) + [0xFF, 0x0A]))
    #expect(utf8.line == 3 && utf8.column == 5, "\(utf8)")
    let nul = try #require(readerError(Array("a: b\nc: d\n".utf8) + [0x00]))
    #expect(nul.line == 3 && nul.column == 1, "\(nul)")
    #expect(nul.description.hasPrefix("bad.yaml:3:"))
  }
}
