import ArgoTestSupport
import Foundation
import Testing

@testable import ArgoModel

/// Mutates Argo's example manifests at random (with a fixed seed, so that a failure reproduces)
/// and checks that reading never crashes nor hangs: every input is either read, or refused with a
/// `ManifestError` that says where. What is read must also survive writing and reading again.
@Suite struct FuzzTests {
  static let fragments: [[UInt8]] =
    [
      "[", "]", "{", "}", ":", ": ", "- ", "&a ", "*a", "!!int ", "!!str ", "\"", "'", "\t", "\n", "---\n", "~", "<<: ",
      "0x", "|", ">", "#", "\u{0}", "? ", ",", "\\", "{{", "}}", "\u{FEFF}", "é", "  ", "null", "yes", "1e999",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x80]]

  static let replacementValues = ["[1, 2]", "{a: b}", "yes", "1.5", "null", "\"x\"", "\n  - y", "{}", "[]", "-3", "\n  a: b", "|\n  text"]

  struct Mutator {
    var random: SeededRandom

    mutating func below(_ bound: Int) -> Int {
      bound <= 0 ? 0 : Int(random.next() % UInt64(bound))
    }

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
      var bytes = input
      for _ in 0...below(3) {
        let position = below(bytes.count + 1)
        switch below(9) {
        case 0:
          if !bytes.isEmpty { bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next()) }
        case 1:
          let end = min(bytes.count, position + 1 + below(20))
          bytes.removeSubrange(min(position, end)..<end)
        case 2:
          bytes.insert(contentsOf: FuzzTests.fragments[below(FuzzTests.fragments.count)], at: position)
        case 3:
          bytes = Array(bytes[0..<position])
        case 4, 5, 6:
          var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
          guard lines.count > 1 else { continue }
          let a = below(lines.count)
          let b = below(lines.count)
          switch below(4) {
          case 0: lines.insert(lines[a], at: b)
          case 1: lines.swapAt(a, b)
          case 2: lines[a] = [0x20, 0x20] + lines[a]
          default: if lines[a].starts(with: [0x20, 0x20]) { lines[a].removeFirst(2) }
          }
          bytes = Array(lines.joined(separator: [0x0A]))
        default:
          // Give a value another type: after a ": ", replace the rest of the line.
          guard let colon = bytes[min(position, bytes.count)...].firstRange(of: [UInt8(ascii: ":"), 0x20]) else { continue }
          let lineEnd = bytes[colon.upperBound...].firstIndex(of: 0x0A) ?? bytes.count
          bytes.replaceSubrange(
            colon.upperBound..<lineEnd, with: Array(FuzzTests.replacementValues[below(FuzzTests.replacementValues.count)].utf8))
        }
      }
      return bytes
    }
  }

  @Test func tenThousandMutationsNeverCrash() throws {
    let yaml = try SharedData.exampleFiles().map { try SharedData.bytes($0) }
    // The same manifests as JSON, so that the JSON reader is mutated too.
    let json = try yaml.map { ManifestWriter(format: .json).bytes(values: try ManifestReader().values($0)) }
    let inputs = zip(yaml, json).flatMap { [$0, $1] }
    var mutator = Mutator(random: SeededRandom(seed: 2026))
    let strict = ManifestReader()
    let preserving = ManifestReader(options: .preserving)
    var read = 0
    var refused = 0
    for round in 0..<10_000 {
      let mutated = mutator.mutate(inputs[round % inputs.count])
      for reader in [strict, preserving] {
        do {
          let documents = try reader.read(mutated, source: "mutation-\(round)")
          read += 1
          // What was read is written and read again unchanged, in both formats.
          let manifests = documents.map(\.manifest)
          for output in [ManifestFormat.yaml, .json] {
            let written = ManifestWriter(format: output).bytes(manifests)
            let again = try preserving.read(written, format: output).map(\.manifest)
            #expect(again == manifests, "round \(round): the \(output) output reads back differently")
          }
        } catch {
          refused += 1
          #expect(!error.message.isEmpty)
          #expect(error.source == "mutation-\(round)")
        }
      }
    }
    print("fuzz: 10000 mutations, read \(read) times, refused \(refused) times with an error")
    #expect(read > 1_000, "the mutations are not all fatal")
    #expect(refused > 1_000, "the mutations do break things")
  }
}
