import Foundation
import Hera

/// Where an experiment's files go and how its tasks are named, as pure functions of its inputs:
/// the seed's `layout`.
///
/// A layout has a root (usually a folder of the environment's volume) and numbered stages;
/// each stage keeps one folder per combination of the swept parameters, nested as the seed's
/// experiments nest them (`<root>/stage_1/2009/LYON_1ER_2009/`); a stage's files are named
/// after the combination, and the next stage's after the previous stage's file.
///
/// ```swift
/// let layout = ExperimentLayout(root: environment.volume!.path("lyon"))
/// let collect = layout.stage(1, "collect")
/// let split = layout.stage(2, "split")
/// let raw = collect.file(for: combination, extension: "gml")       // .../stage_1/2009/LYON_1ER_2009/LYON_1ER_2009.gml
/// let parts = split.file(chainedFrom: raw, for: combination, adding: "split")
///                                                                  // .../stage_2/2009/LYON_1ER_2009/LYON_1ER_2009_split.gml
/// let task = layout.taskName("collect", for: combination)          // collect-2009-lyon-1er
/// ```
public struct ExperimentLayout: Sendable, Hashable {
  /// The folder everything is under.
  public var root: String

  public init(root: String) {
    self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
  }

  /// A path under the root.
  public func path(_ components: String...) -> String {
    ExperimentLayout.join([root] + components)
  }

  /// Stage `number`: the folder `stage_<number>` under the root. The name says what the stage
  /// does; it is used in task names, not in paths (the seed's folders are numbered).
  public func stage(_ number: Int, _ name: String? = nil) -> Stage {
    Stage(number: number, name: name ?? "stage-\(number)", directory: path("stage_\(number)"))
  }

  /// A task's name for a combination: `base` and the combination's name, DNS-safe
  /// (`collect-2009-lyon-1er`); a short hash keeps long names within 63 characters and
  /// distinct.
  public func taskName(_ base: String, for combination: Combination) -> String {
    Naming.dns1123("\(base)-\(combination.name)")
  }

  /// The seed's `container_name_postend`: values made safe for Argo names, `_` → `-`, lower
  /// case (`LYON_1ER` → `lyon-1er`).
  public static func nameSuffix(_ values: String...) -> String {
    Naming.dns1123(values.joined(separator: "-"))
  }

  /// One stage of an experiment: its folder, and the folders and files of each combination in it.
  public struct Stage: Sendable, Hashable {
    public let number: Int
    public let name: String
    /// `<root>/stage_<number>`.
    public let directory: String

    /// The folder of a combination: one level per swept parameter, each named by its value and
    /// the values of the levels above it, innermost first (`2009/LYON_1ER_2009`).
    public func directory(for combination: Combination) -> String {
      var components = [directory]
      let values = combination.values.map(\.value)
      for depth in values.indices {
        components.append(values[...depth].reversed().joined(separator: "_"))
      }
      return ExperimentLayout.join(components)
    }

    /// The folder of a partial combination (the values of the first parameters only), for a
    /// step that works on all the combinations under it: `2009` for every borough of 2009.
    public func directory(for values: String...) -> String {
      var components = [directory]
      for depth in values.indices { components.append(values[...depth].reversed().joined(separator: "_")) }
      return ExperimentLayout.join(components)
    }

    /// The file of a combination: named by its values, innermost first
    /// (`LYON_1ER_2009.gml`), in the combination's folder.
    public func file(for combination: Combination, extension fileExtension: String? = nil) -> String {
      let base = combination.values.map(\.value).reversed().joined(separator: "_")
      return ExperimentLayout.join([directory(for: combination), ExperimentLayout.named(base, fileExtension)])
    }

    /// The file this stage makes from `previous`, another stage's file of the same combination:
    /// the previous name with `_<adding>` before its extension, in this stage's folder
    /// (`LYON_1ER_2009.gml` → `LYON_1ER_2009_split.gml`).
    public func file(chainedFrom previous: String, for combination: Combination, adding suffix: String) -> String {
      let name = (previous as NSString).lastPathComponent
      let fileExtension = (name as NSString).pathExtension
      let base = fileExtension.isEmpty ? name : String(name.dropLast(fileExtension.count + 1))
      return ExperimentLayout.join([
        directory(for: combination), ExperimentLayout.named("\(base)_\(suffix)", fileExtension.isEmpty ? nil : fileExtension),
      ])
    }
  }

  static func named(_ base: String, _ fileExtension: String?) -> String {
    guard let fileExtension, !fileExtension.isEmpty else { return base }
    return "\(base).\(fileExtension.hasPrefix(".") ? String(fileExtension.dropFirst()) : fileExtension)"
  }

  /// Components joined with single `/`, keeping a leading one.
  static func join(_ components: [String]) -> String {
    var result = ""
    for component in components where !component.isEmpty {
      if result.isEmpty {
        result = component
      } else {
        let trimmed = component.drop { $0 == "/" }
        result = (result.hasSuffix("/") ? result : result + "/") + trimmed
      }
    }
    return result
  }
}
