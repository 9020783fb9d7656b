"""What a person does in the browser, in a few words per step, with checks built in.

Every page a journey lands on goes through `check_page()`: axe-core is injected and any
violation of impact serious or critical fails the test with the rule ids and the elements.
The helpers that navigate (`visit`, `submit`, `follow`) call it themselves; after anything
else that changes page (a keyboard Enter, a click on something else), call it yourself.
`finish(name)` takes the journey's screenshot and fails if a page the browser showed was
never checked, or if any page raised a JavaScript error.

    def test_a_patient_does_something(journey, ...):
        journey.log_in("alex@example.com", "b12-demo-password")
        journey.follow("Care team")
        journey.fill_form({"Dose (mcg)": "1000", "Route": "IM"}, submit="Save")
        expect(journey.page.get_by_role("heading", level=1)).to_have_text("...")
        journey.finish("log-a-dose")      # var/screenshots/log-a-dose-375x812.png
"""

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from playwright.sync_api import Locator, Page

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
FAILING_IMPACTS = ("serious", "critical")

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map(n => ({
      selector: n.target.join(" "),
      why: (n.any[0] || n.all[0] || n.none[0] || {message: ""}).message,
    })),
  }));
}"""


class AccessibilityError(AssertionError):
    pass


class Journey:
    def __init__(self, page: Page, *, size: str, axe_source: str):
        self.page = page
        self.size = size
        self._axe_source = axe_source
        self._since_last_check: list[str] = []
        self.unchecked: list[str] = []
        self._current_url = ""
        self.script_errors: list[str] = []
        page.on("framenavigated", self._remember_page)
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))

    # -- moving around -------------------------------------------------------------------

    def visit(self, path: str) -> Page:
        self.page.goto(path)
        self.check_page()
        return self.page

    def follow(self, link_text: str, *, exact: bool = True) -> Page:
        """Click a link by its name (as a screen reader announces it), opening "More" if
        the link sits in it: the sheet of the phone's tab bar, the desktop bar's menu."""
        link = self.page.get_by_role("link", name=link_text, exact=exact).first
        if not link.is_visible():
            self.open_menu()
        with self.page.expect_navigation():
            link.click()
        self.check_page()
        return self.page

    def submit(self, button_text: str) -> Page:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button_text, exact=True).click()
        self.check_page()
        return self.page

    def fill_form(self, fields: dict[str, str | bool], *, submit: str | None = None) -> Page:
        """Fill controls found by their label text; a bool ticks or unticks a checkbox.

        Finding controls by label is deliberate: a control without a label cannot be filled.
        """
        for label, value in fields.items():
            control = self.control(label)
            if isinstance(value, bool):
                control.set_checked(value)
            elif control.evaluate("element => element.tagName") == "SELECT":
                control.select_option(value)
            else:
                control.fill(value)
        if submit is not None:
            self.submit(submit)
        return self.page

    def control(self, label: str) -> Locator:
        # crispy-forms appends "*" to the label of a required field. (Spaces stay unescaped:
        # the pattern runs as a JavaScript regex, where "\ " is not allowed.)
        pattern = re.escape(label).replace("\\ ", " ")
        return self.page.get_by_label(re.compile(rf"^\s*{pattern}\s*\*?\s*$"))

    # -- the journeys every other journey starts with ------------------------------------

    def log_in(self, email: str, password: str) -> Page:
        self.visit("/accounts/login/")
        return self.fill_form({"Email address": email, "Password": password}, submit="Log in")

    def sign_up(self, name: str, email: str, password: str) -> Page:
        """Sign up, then open the link emailed to the address in this same browser, as the
        person would: they carry on from there, logged in."""
        self.visit("/signup/")
        self.fill_form(
            {
                "Your name": name,
                "Email address": email,
                "Password": password,
                "Password confirmation": password,
            },
            submit="Sign up",
        )
        return self.visit(emailed_link(email, "/accounts/confirm-email/"))

    def create_patient_profile(
        self, *, name: str, time_zone: str | None = None, for_myself: bool = True
    ) -> Page:
        """Answer "Who is this profile for?", type the name, and keep the time zone the page
        proposed from this device unless `time_zone` says otherwise."""
        relation = (
            "Me: I am the patient" if for_myself
            else "Someone I look after, such as a parent or a child"
        )
        self.page.get_by_role("radio", name=relation).check()
        fields: dict[str, str | bool] = {"Patient's name": name}
        if time_zone is not None:
            fields["Time zone"] = time_zone
        return self.fill_form(fields, submit="Create profile")

    def log_out(self) -> Page:
        account = self.page.locator("#account-nav")
        if account.is_visible():
            account.click()
        else:
            self.open_menu()
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Log out").click()
        self.check_page()
        return self.page

    def open_menu(self) -> None:
        """Open "More": on a phone the tab bar's sheet, on a desktop the bar's menu."""
        more = self.page.get_by_role("button", name="More", exact=True)
        if more.get_attribute("aria-expanded") == "true" or self.page.locator(
            "#more-sheet.show"
        ).count():
            return
        more.click()
        if more.get_attribute("aria-controls") == "more-sheet":
            self.page.locator("#more-sheet.show").wait_for()

    # -- checks ----------------------------------------------------------------------------

    def check_page(self) -> None:
        """Run axe-core on the page shown now; fail on serious or critical violations."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            # Evaluated through the DevTools protocol, so a Content-Security-Policy that
            # forbids inline scripts does not stop it.
            self.page.evaluate(self._axe_source)
        violations = [
            v for v in self.page.evaluate(RUN_AXE) if v["impact"] in FAILING_IMPACTS
        ]
        # Pages shown and left before this check were never looked at.
        self.unchecked += [_path(url) for url in self._since_last_check[:-1]]
        self._since_last_check.clear()
        if violations:
            raise AccessibilityError(self._describe(violations))

    def _describe(self, violations: list[dict]) -> str:
        lines = [
            f"axe-core found {len(violations)} serious or critical accessibility violation(s) "
            f"on {_path(self.page.url)} at {self.size}:"
        ]
        for violation in violations:
            lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
            for target in violation["targets"][:10]:
                lines.append(f"      {target['selector']}  ({target['why']})")
            if len(violation["targets"]) > 10:
                lines.append(f"      … and {len(violation['targets']) - 10} more")
            lines.append(f"      see {violation['helpUrl']}")
        return "\n".join(lines)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{self.size}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def finish(self, name: str) -> Path:
        """Screenshot the last page; fail on unchecked pages or JavaScript errors."""
        path = self.screenshot(name)
        unchecked = self.unchecked + [_path(url) for url in self._since_last_check]
        assert not unchecked, f"pages shown without an accessibility check: {unchecked}"
        assert not self.script_errors, "JavaScript errors:\n" + "\n".join(self.script_errors)
        return path

    def _remember_page(self, frame) -> None:
        if frame != self.page.main_frame or frame.url == "about:blank":
            return
        # Following a link to #main on the same page is not a new page.
        url, fragment = urldefrag(frame.url)
        if fragment and url == self._current_url:
            return
        self._current_url = url
        self._since_last_check.append(frame.url)


def emailed_link(to: str, path_prefix: str) -> str:
    """The path of the newest link starting with `path_prefix` emailed to `to` (the test
    outbox: the live server runs in this process)."""
    from django.core import mail

    pattern = re.compile(rf"https?://[^/\s]+({re.escape(path_prefix)}\S*)")
    for message in reversed(mail.outbox):
        found = pattern.search(message.body)
        if to in message.to and found:
            return found.group(1)
    raise AssertionError(f"no email to {to} with a link to {path_prefix}")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
