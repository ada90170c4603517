import ArgoModel
import Testing

@Suite struct PhaseTests {
  @Test func skippedAndOmittedNodesAreFulfilledButNotCompleted() {
    for phase in [NodePhase.skipped, .omitted] {
      #expect(phase.isFulfilled)
      #expect(!phase.isCompleted)
      #expect(!phase.isFailedOrError)
    }
  }

  @Test func onlySucceededFailedAndErrorAreCompleted() {
    #expect(NodePhase.all.filter(\.isCompleted) == [.succeeded, .failed, .error])
    #expect(NodePhase.all.filter(\.isFailedOrError) == [.failed, .error])
    #expect(NodePhase.all.filter { !$0.isFulfilled } == [.pending, .running])
  }

  @Test func aMissingOrEmptyNodePhaseIsNoPhaseAndAnUnknownOneIsNeitherDoneNorFailed() {
    #expect(NodePhase(nil) == nil)
    #expect(NodePhase("") == nil)
    let later = NodePhase("Paused")
    #expect(later?.rawValue == "Paused")
    #expect(later?.isFulfilled == false)
    #expect(later?.isFailedOrError == false)
  }

  @Test func aDaemonThatStartedIsFulfilledForItsDependentsButNotWhilePending() {
    var node = NodeStatus(name: "w.server", id: "w-1", phase: "Running", type: "Pod")
    #expect(!node.isFulfilled)
    node.daemoned = true
    #expect(node.isFulfilled)
    node.phase = "Pending"
    #expect(!node.isFulfilled)
    node.phase = nil
    #expect(!node.isFulfilled)
  }

  @Test func aWorkflowWithoutPhaseIsUnknownAndShownAsPending() {
    let phase = WorkflowPhase(nil)
    #expect(phase == .unknown)
    #expect(WorkflowPhase("") == .unknown)
    #expect(phase.displayName == "Pending")
    #expect(!phase.isCompleted)
    #expect(!WorkflowPhase.named.contains(.unknown))
  }

  @Test func aWorkflowIsCompletedOnlyWhenSucceededFailedOrError() {
    #expect(WorkflowPhase.named.filter(\.isCompleted) == [.succeeded, .failed, .error])
    #expect(WorkflowPhase.named.filter(\.isFailedOrError) == [.failed, .error])
    #expect(!WorkflowPhase("Skipped").isCompleted)
  }

  @Test func aWorkflowReadsItsPhaseFromItsStatus() throws {
    var workflow = try Workflow(json: ["metadata": ["name": "w"]], options: .preserving)
    #expect(workflow.workflowPhase == .unknown)
    workflow.status = WorkflowStatus(phase: "Error")
    #expect(workflow.workflowPhase == .error)
    #expect(workflow.workflowPhase.isFailedOrError)
  }
}
