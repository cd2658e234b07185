//! Prints the ARN that the AWS SDK for Rust's default credential chain resolves to, as any
//! Rust program built with `aws-config` defaults would: run it inside a switchrole shell to
//! see who that shell's programs are (`cargo run --example caller_identity`).

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    match aws_sdk_sts::Client::new(&config)
        .get_caller_identity()
        .send()
        .await
    {
        Ok(identity) => {
            println!("{}", identity.arn().unwrap_or_default());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "caller_identity: {}",
                aws_sdk_sts::error::DisplayErrorContext(&e)
            );
            std::process::ExitCode::FAILURE
        }
    }
}
