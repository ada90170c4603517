import ArgumentParser
import HeraUtils
import LocalEngine

/// How `hera run` and experiments read the options of a run here: each value once, where
/// argument-parser reads it (`@Option(transform:)`), so that a bad one is a usage error (exit 64)
/// in our words, and the run gets typed values.
package enum LocalArguments {
  /// `--runner`.
  package static func runner(_ text: String) throws -> RunnerKind {
    do { return try RunnerKind(parsing: text) } catch { throw ValidationError(error.description) }
  }

  /// One `--image-map` value.
  package static func imageMapping(_ text: String) throws -> ImageMap.Entry {
    do { return try ImageMap.Entry(parsing: text) } catch { throw ValidationError(error.description) }
  }

  /// One `--image-entrypoint` value.
  package static func entrypoint(_ text: String) throws -> ImageEntrypoints.Entry {
    do { return try ImageEntrypoints.Entry(parsing: text) } catch { throw ValidationError(error.description) }
  }

  /// `--progress`.
  package static func progress(_ text: String) throws -> ProgressMode {
    guard let mode = ProgressMode(argument: text) else {
      throw ValidationError("--progress \(text): expected one of \(ProgressMode.argumentNames.joined(separator: ", "))")
    }
    return mode
  }

  /// The image map and entrypoints of the entries given, which must not contradict each other
  /// (one image mapped twice to two images).
  package static func images(_ mappings: [ImageMap.Entry], _ entrypoints: [ImageEntrypoints.Entry]) throws -> (ImageMap, ImageEntrypoints) {
    do {
      return (try ImageMap(mappings), try ImageEntrypoints(entrypoints))
    } catch let error as ImageMapError {
      throw ValidationError(error.description)
    } catch let error as ImageEntrypointError {
      throw ValidationError(error.description)
    }
  }
}
