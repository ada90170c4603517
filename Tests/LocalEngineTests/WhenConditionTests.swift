import Testing

@testable import LocalEngine

@Suite struct WhenConditionTests {
  func failure(_ text: String) -> ExpressionError? {
    do {
      _ = try WhenCondition.evaluate(text)
      return nil
    } catch {
      return error
    }
  }

  /// The `when` conditions of Argo's examples, after substitution with sample values.
  @Test(arguments: [
    ("heads == heads", true),  // {{steps.flip-coin.outputs.result}} == heads
    ("tails == heads", false),
    ("heads == tails", false),  // {{tasks.flip-coin.outputs.result}} == tails
    ("3 != 1 && 3 != 2", true),  // {{inputs.parameters.num}} != 1 && … != 2
    ("2 != 1 && 2 != 2", false),
    ("true == true", true),  // {{inputs.parameters.should-print}} == true
    ("false == true", false),
    ("even == even", true),  // {{item.evenness}} == even
    ("Succeeded == Succeeded", true),  // {{status}} == Succeeded
    ("Failed == Failed", true),  // {{steps.flakey-container.status}} == Failed
    ("heads =~ hea", true),  // {{steps.flip-again.outputs.result}} =~ hea
    ("heads =~ tai", false),
    ("3 < 10", true),  // {{steps.iterate-counter.outputs.result}} < {{inputs.parameters.limit}}
    ("10 < 3", false),
    ("Failed != Succeeded", true),  // {{workflow.status}} != Succeeded
    ("YES == YES", true),  // {{steps.approval.outputs.parameters.approve}} == YES
    ("( heads == heads &&\n  tails == tails\n) ||\n( heads == tails &&\n  tails == heads\n)", true),
    ("false", false),
    ("", true),
  ])
  func argoExamples(text: String, expected: Bool) throws {
    #expect(try WhenCondition.evaluate(text) == expected)
  }

  @Test func govaluateOperators() throws {
    #expect(try WhenCondition.evaluate("'a b' == \"a b\""))
    #expect(try WhenCondition.evaluate("5 > 10") == false)
    #expect(try WhenCondition.evaluate("'5' > '10'"))  // strings compare as text
    #expect(try WhenCondition.evaluate("1.0 == 1"))
    #expect(try WhenCondition.evaluate("'1' == 1") == false)
    #expect(try WhenCondition.evaluate("!(1 > 2)"))
    #expect(try WhenCondition.evaluate("heads !~ '^t'"))
    #expect(try WhenCondition.evaluate("2 + 3 * 4 == 14"))
    #expect(try WhenCondition.evaluate("-2 < 0"))
    #expect(try WhenCondition.evaluate("10 % 4 == 2"))
    #expect(try WhenCondition.evaluate("a + 1 == a1"))
    #expect(try WhenCondition.evaluate("b in (a, b, c)"))
    #expect(try WhenCondition.evaluate("2 in (1, 3)") == false)
    #expect(try WhenCondition.evaluate("my_value == my_value"))
    #expect(try WhenCondition.evaluate("[a b] == 'a b'"))
    // govaluate reads `!~^t` as one symbol, and `^` after `!~` as a second operator.
    #expect(failure("heads !~ ^t")?.message == "invalid when condition: '^' cannot follow '!~'")
  }

  @Test func unresolvedTagsAreNamed() {
    let error = failure("{{steps.flip.outputs.result}} == heads")
    #expect(error?.code == .unresolvedVariable)
    #expect(error?.variable == "steps.flip.outputs.result")
    #expect(error?.message == "the when condition still holds {{steps.flip.outputs.result}}: the variable was not resolved")
    #expect(error?.offset == 0)
  }

  @Test func errorsExplainWhatToQuote() {
    let spaced = failure("hello world == hello world")
    #expect(spaced?.code == .syntax)
    #expect(spaced?.message == "invalid when condition: 'world' cannot follow 'hello'")
    #expect(spaced?.hint == "text with spaces must be quoted: 'hello world'")
    #expect(spaced?.offset == 6)

    let hyphen = failure("my-value == my-value")
    #expect(hyphen?.code == .type)
    #expect(hyphen?.message == "invalid when condition: the text 'my' cannot be used with '-': it is not a number")
    #expect(hyphen?.hint == "text holding '-' must be quoted: '…-…'")

    let dotted = failure("v1.2 == v1.2")
    #expect(dotted?.message.contains("no parameter 'v1' found") == true)
    #expect(dotted?.hint == "quote text that holds dots: 'v1.2'")

    #expect(failure("1.2.3 == 1")?.message == "invalid when condition: unable to parse numeric value '1.2.3' to float64")
    #expect(failure("a = b")?.hint == "compare with ==")
    #expect(failure("a == 'b")?.message == "invalid when condition: unclosed string literal")
    #expect(failure("(a == b")?.message == "invalid when condition: unbalanced parenthesis: no ) for this (")
    #expect(failure("heads")?.message == "the when condition must give true or false, and it gave the text 'heads'")
    #expect(failure("abc > 1")?.message == "invalid when condition: the text 'abc' cannot be used with '>': it is not a number")
    #expect(failure("a && b")?.code == .type)
    #expect(failure("a ==")?.code == .syntax)
  }

  @Test func deepNestingIsAnError() {
    let deep = String(repeating: "(", count: 5000) + "true" + String(repeating: ")", count: 5000)
    #expect(failure(deep)?.message.contains("nested too deeply") == true)
    #expect(failure(String(repeating: "! ", count: 5000) + "true")?.message.contains("nested too deeply") == true)
  }
}
