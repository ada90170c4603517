import ArgoTestSupport
import Foundation
import Testing

/// The module map of `Sources/README.md` is kept true: each module imports only what its row
/// allows, every module has a row, and the modules' rows make a graph that goes one way.
@Suite struct ModuleMapTests {
  /// Modules of the system, which any module may import.
  static let system: Set<String> = ["Foundation", "FoundationEssentials", "Dispatch", "Synchronization", "Glibc", "Musl", "Darwin", "os"]

  /// Each module's row: the modules it may import.
  static func rows() throws -> [String: Set<String>] {
    let map = try String(contentsOf: Executable.packageRoot.appendingPathComponent("Sources/README.md"), encoding: .utf8)
    var rows: [String: Set<String>] = [:]
    for line in map.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 4 else { continue }
      let module = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      rows[module] = Set(
        cells[3].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "` ")) }.filter { !$0.isEmpty })
    }
    return rows
  }

  /// The module an import line names (`import X`, `@_exported import X`, `import struct X.Y`).
  static func importedModule(_ line: Substring) -> String? {
    var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
    guard words.first == "import", words.count >= 2 else { return nil }
    let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias", "actor"]
    let name = words.count >= 3 && kinds.contains(words[1]) ? words[2] : words[1]
    return name.split(separator: ".").first.map(String.init)
  }

  @Test func everyImportIsOneTheMapAllows() throws {
    let rows = try Self.rows()
    let sources = Executable.packageRoot.appendingPathComponent("Sources")
    let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { name in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: sources.appendingPathComponent(name).path, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }
    #expect(
      Set(modules) == Set(rows.keys),
      "modules without a row: \(Set(modules).subtracting(rows.keys).sorted()); rows without a module: \(Set(rows.keys).subtracting(modules).sorted())"
    )
    var problems: [String] = []
    for module in modules.sorted() {
      let allowed = (rows[module] ?? []).union(Self.system)
      let folder = sources.appendingPathComponent(module)
      let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
      for file in files.sorted() {
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          guard let imported = Self.importedModule(line.drop(while: { $0 == " " })), !allowed.contains(imported) else { continue }
          problems.append("Sources/\(module)/\(file):\(number + 1) imports \(imported), which the map does not allow for \(module)")
        }
      }
    }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func theMapGoesOneWay() throws {
    let rows = try Self.rows()
    // Depth-first: a module met again while its own imports are walked is a cycle.
    var state: [String: Bool] = [:]  // false: being walked; true: done
    var cycle: [String] = []
    func walk(_ module: String, _ path: [String]) {
      if state[module] == true || !cycle.isEmpty { return }
      if state[module] == false {
        cycle = path + [module]
        return
      }
      state[module] = false
      for imported in (rows[module] ?? []).sorted() where rows[imported] != nil { walk(imported, path + [module]) }
      state[module] = true
    }
    for module in rows.keys.sorted() { walk(module, []) }
    #expect(cycle.isEmpty, "the map has a cycle: \(cycle.joined(separator: " → "))")
    #expect(rows["ArgoModel"]?.allSatisfy { rows[$0] == nil } == true, "ArgoModel imports none of ours")
  }
}
