import ArgoTestSupport
import Foundation

/// The cases of `../shared/argo/conformance`: Argo's own verdicts, from Argo's validation tests
/// (`lint/`) and end-to-end tests (`run/`), read in place.
enum ArgoCases {
  static let folder = SharedData.shared.appendingPathComponent("argo/conformance")
  static let lintFolder = folder.appendingPathComponent("lint")
  static let runFolder = folder.appendingPathComponent("run")

  /// The stand-ins for the programs of Argo's test images (`argosay`, `cowsay`).
  static let standIns = Executable.packageRoot.appendingPathComponent("Tests/ArgoStandIns")

  static func objects(_ url: URL) throws -> [[String: Any]] {
    let data = try Data(contentsOf: url)
    guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
      throw CaseError("\(url.path) is not a list of objects")
    }
    return list
  }

  struct CaseError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}

extension Dictionary where Key == String, Value == Any {
  func string(_ key: String) -> String? { self[key] as? String }
  func strings(_ key: String) -> [String] { self[key] as? [String] ?? [] }
  func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
  func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
}

/// Runs jobs at most `width` at a time, keeping their results in the order of `items`.
func inParallel<Item: Sendable, Result: Sendable>(
  _ items: [Item], width: Int, _ job: @escaping @Sendable (Item) async -> Result
) async -> [Result] {
  await withTaskGroup(of: (Int, Result).self) { group in
    var results = [Result?](repeating: nil, count: items.count)
    var next = 0
    while next < min(width, items.count) {
      let index = next
      group.addTask { (index, await job(items[index])) }
      next += 1
    }
    for await (index, result) in group {
      results[index] = result
      if next < items.count {
        let index = next
        group.addTask { (index, await job(items[index])) }
        next += 1
      }
    }
    return results.map { $0! }
  }
}
