import ArgoModel

extension Scheduler {
  // MARK: Lifecycle hooks with expressions

  /// The workflow's hooks other than `exit`: each runs once, the first time its expression
  /// holds (`workflow.status == "Running"`); its node is `<workflow>.hooks.<name>`.
  mutating func runWorkflowHooks() {
    guard shutdown != .terminate, let hooks = workflow.spec.hooks else { return }
    if hooks.keys.contains(where: { $0 != "exit" }) { hooksWatchStarts = true }
    for hookName in hooks.keys.sorted() where hookName != "exit" {
      guard let hook = hooks[hookName] else { continue }
      let nodeName = "\(name).hooks.\(hookName)"
      // A hook that ended is passed by; the globals are worked out only for one to decide on.
      if let id = idsByName[nodeName], hasEnded(id) { continue }
      var bindings = Bindings([:])
      if idsByName[nodeName] == nil {
        bindings = globalBindings()
        bindings.values["workflow.status"] = .string(node(named: name)?.phase ?? NodePhase.running)
      }
      runHook(hook, nodeName: nodeName, displayName: nodeName, bindings: bindings, context: ExecutionContext(depth: 0))
    }
  }

  /// A step's or task's hooks other than `exit`, evaluated with its status as
  /// `steps.<name>.status` (or `tasks.<name>.status`); returns whether every hook started has
  /// ended.
  @discardableResult
  mutating func runStepHooks(
    _ hooks: [String: LifecycleHook]?, stepName: String, stepNodeName: String, prefix: String, bindings: Bindings, boundaryID: String?,
    context: ExecutionContext
  ) -> Bool {
    guard let hooks, hooks.keys.contains(where: { $0 != "exit" }) else { return true }
    hooksWatchStarts = true
    guard let stepNode = node(named: stepNodeName) else { return true }
    var bindings = bindings
    bindings.values["\(prefix).\(stepName).status"] = .string(stepNode.phase ?? "")
    bindings.values["\(prefix).\(stepName).id"] = .string(stepNode.id)
    var hookContext = context
    hookContext.boundaryID = boundaryID
    hookContext.parentID = stepNode.id
    var ended = true
    for hookName in hooks.keys.sorted() where hookName != "exit" {
      guard let hook = hooks[hookName] else { continue }
      let nodeName = "\(stepNodeName).hooks.\(hookName)"
      let result = runHook(hook, nodeName: nodeName, displayName: "\(stepName).hooks.\(hookName)", bindings: bindings, context: hookContext)
      if let result, !NodePhase.isFulfilled(result.phase) { ended = false }
    }
    return ended
  }

  /// Starts a hook when its expression holds (once), and advances it after.
  @discardableResult
  mutating func runHook(_ hook: LifecycleHook, nodeName: String, displayName: String, bindings: Bindings, context: ExecutionContext)
    -> NodeStatus?
  {
    var arguments: Arguments?
    if idsByName[nodeName] == nil {
      guard let expression = hook.expression, !expression.isEmpty, shutdown == nil,
        (try? Evaluation.isTrue(expression, bindings.values)) == true
      else { return nil }
      arguments = (try? resolveArguments(hook.arguments, bindings: bindings)) ?? hook.arguments
    }
    // A hook's node that exists has its arguments already (execute reads them back from it).
    return execute(
      nodeName: nodeName, displayName: displayName,
      reference: reference(template: hook.template, templateRef: hook.templateRef, inline: nil),
      arguments: arguments, context: context)
  }

  /// Whether every hook node started has ended (the workflow waits for them).
  var hooksEnded: Bool {
    (workflow.status?.nodes ?? [:]).values.allSatisfy { !$0.name.contains(".hooks.") || NodePhase.isFulfilled($0.phase) }
  }
}
