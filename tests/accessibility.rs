//! Accessibility checked by axe-core (Deque's engine, from npm; `.ci/setup.sh
//! --test` installs it into `.tools/`), an independent checker of the WCAG
//! rules no one here wrote: run in the page as it stands, shadow roots
//! included, so the widget's steps and the console's screens are each checked
//! in the state a test brought them to.

use std::sync::OnceLock;

use serde_json::Value;

use crate::Browser;

/// The rule sets checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and
/// axe's best practices (landmarks, heading order, one main region, ...).
const TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']";

/// axe-core's script, read once.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = crate::workspace_root().join(".tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("axe-core is missing at {}: run .ci/setup.sh --test ({e})", path.display())
        })
    })
}

impl Browser {
    /// What axe-core finds wrong in the page now: one line per rule broken,
    /// with its impact and where (up to three elements).
    async fn accessibility_violations(&self) -> Vec<String> {
        if self.js("return typeof window.axe === 'undefined';").await == Value::Bool(true) {
            self.js(&format!("{}\nreturn true;", axe_source())).await;
        }
        let script = format!(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {{ runOnly: {{ type: 'tag', values: {TAGS} }}, resultTypes: ['violations'] }})
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                   + v.nodes.slice(0, 3).map(n => JSON.stringify(n.target) + ' ' + n.failureSummary).join('; '))),
                     e => done(['axe-core failed: ' + e]));"
        );
        let found = self.client.execute_async(&script, vec![]).await.expect("run axe-core");
        found
            .as_array()
            .map(|v| v.iter().filter_map(|l| l.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// Fails when axe-core finds anything wrong in the page now (`at` says
    /// where the test had got to).
    pub async fn assert_accessible(&self, at: &str) {
        let violations = self.accessibility_violations().await;
        assert!(violations.is_empty(), "axe-core at {at}:\n{}", violations.join("\n"));
    }
}
