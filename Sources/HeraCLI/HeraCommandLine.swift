import ArgumentParser
import HeraSession

/// The `hera` command: Argo workflows from the command line. (Not called `Hera`, which is the
/// DSL's module.)
public struct HeraCommandLine: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "hera",
    abstract: "Check, render, run and submit Argo workflows.",
    subcommands: [
      Run.self, Render.self, Lint.self, Graph.self, Config.self, Check.self, Submit.self, List.self, Get.self, Watch.self, Logs.self,
      Delete.self,
      Retry.self, Resubmit.self, Suspend.self, Resume.self, Stop.self, Terminate.self, TemplateCommand.self, ClusterTemplateCommand.self,
      CronCommand.self,
    ]
  )

  public init() {}

  /// The boundary of every command: a ``CommandFailure`` is said once, in one format.
  public static func main() async {
    await CommandFailure.main(Self.self)
  }
}
