"""The office's stylesheet (A7): its colours, and for each one the text colour that reads on it."""

from __future__ import annotations

WHITE, BLACK = "#ffffff", "#000000"


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.x) of a #rrggbb colour."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """White or black, whichever contrasts more with the background: an office may pick
    a light application colour, and white menu words on it could not be read."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


def stylesheet(office) -> str:
    app_text = text_on(office.color_app)
    # The close button of the menu panel is a dark icon; on a dark colour it is inverted.
    close_filter = "invert(1) grayscale(100%) brightness(200%)" if app_text == WHITE else "none"
    return (
        ":root{"
        f"--fidu-bg:{office.color_background};"
        f"--fidu-app:{office.color_app};"
        f"--fidu-app-text:{app_text};"
        f"--fidu-app-close-filter:{close_filter};"
        f"--fidu-button:{office.color_button};"
        f"--fidu-button-text:{text_on(office.color_button)};"
        "}\n"
    )
