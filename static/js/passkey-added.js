// After django-otp-webauthn's script has saved a new passkey, go to the page that lists
// them (the button's data-passkey-done), where the server's "Passkey added" message shows.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const button = document.getElementById("passkey-register-button");
  window.location.assign(button?.dataset.passkeyDone || "/profile/two-factor/");
});
