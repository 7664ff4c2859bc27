//! Finding the sync password when a sync starts: `TIDINGS_SYNC_PASSWORD` wins, then the
//! config's `password`, then the first line `password_command` prints.

use std::process::{Command, Stdio};

use super::Error;
use crate::config::PasswordSource;

/// The environment variable that overrides the configured password.
pub const ENV: &str = "TIDINGS_SYNC_PASSWORD";

/// The password for `user`, from the environment or `source`.
pub fn resolve(source: &PasswordSource, user: &str) -> Result<String, Error> {
    resolve_with(std::env::var(ENV).ok(), source, user)
}

/// [`resolve`] with the environment's value given, for tests.
pub fn resolve_with(
    from_env: Option<String>,
    source: &PasswordSource,
    user: &str,
) -> Result<String, Error> {
    if let Some(password) = from_env.filter(|p| !p.is_empty()) {
        return Ok(password);
    }
    match source {
        PasswordSource::Plain(password) => Ok(password.clone()),
        PasswordSource::Command(command) => run_command(command),
        PasswordSource::Environment => Err(Error::NoPassword {
            user: user.to_owned(),
        }),
    }
}

/// Runs `command` with the shell; its first line of output is the password. It gets no
/// input and its messages are kept for the error (the reader may own the terminal);
/// gpg's pinentry asks through the agent, not through stdin.
fn run_command(command: &str) -> Result<String, Error> {
    let failed = |reason: String| Error::PasswordCommand {
        command: command.to_owned(),
        reason,
    };
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.lines().rev().find(|l| !l.trim().is_empty());
        return Err(failed(match said {
            Some(line) => format!(
                "it exited with {}: {}",
                output.status,
                crate::sanitize::clean_line(line)
            ),
            None => format!("it exited with {}", output.status),
        }));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| failed("its output is not UTF-8".to_owned()))?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(failed("it printed nothing".to_owned()));
    }
    Ok(line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_wins_over_the_config() {
        let source = PasswordSource::Plain("from-file".into());
        assert_eq!(
            resolve_with(Some("from-env".into()), &source, "me").unwrap(),
            "from-env"
        );
        assert_eq!(resolve_with(None, &source, "me").unwrap(), "from-file");
    }

    #[test]
    fn command_gives_its_first_line() {
        let source = PasswordSource::Command("printf 'secret\\nsecond line\\n'".into());
        assert_eq!(resolve_with(None, &source, "me").unwrap(), "secret");
    }

    #[test]
    fn failing_command_and_missing_password_are_clear_errors() {
        let failing = PasswordSource::Command("exit 3".into());
        let err = resolve_with(None, &failing, "me").unwrap_err();
        assert!(err.to_string().contains("exit 3"), "{err}");
        let err = resolve_with(None, &PasswordSource::Environment, "me").unwrap_err();
        assert!(err.to_string().contains(ENV), "{err}");
    }
}
