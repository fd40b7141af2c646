"""Find the FFmpeg binary: ``IMAGEIO_FFMPEG_EXE``, imageio-ffmpeg's bundled one, or ``ffmpeg``.

imageio-ffmpeg ships a static FFmpeg (with libx264, libvpx and libopus) as a pip
dependency, so ``pip install 'twilio2zoom[compose]'`` is all a fresh machine needs.
FFmpeg only ever runs as a separate process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache

from migrate.errors import ConfigError

INSTALL_HINT = "python -m pip install 'twilio2zoom[compose]'"
ENV_VAR = "IMAGEIO_FFMPEG_EXE"


class FfmpegMissingError(ConfigError):
    """No usable FFmpeg binary."""


def find_ffmpeg() -> str:
    """Path of the FFmpeg to run; raises :class:`FfmpegMissingError` naming the install."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        found = shutil.which(configured)
        if not found:
            raise FfmpegMissingError(
                f"{ENV_VAR}={configured!r} is not an executable FFmpeg; unset it or "
                f"install one with: {INSTALL_HINT}"
            )
        return found
    try:
        import imageio_ffmpeg  # type: ignore[import-untyped]

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        pass
    system = shutil.which("ffmpeg")
    if system:
        return system
    raise FfmpegMissingError(f"compose needs FFmpeg; install it with: {INSTALL_HINT}")


@lru_cache(maxsize=8)
def encoders(ffmpeg: str) -> frozenset[str]:
    """Names of the encoders ``ffmpeg`` was built with."""
    out = subprocess.run(
        [ffmpeg, "-hide_banner", "-encoders"], capture_output=True, text=True, check=False
    ).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 6 and parts[0][0] in "VAS":
            names.add(parts[1])
    return frozenset(names)


def require_encoders(ffmpeg: str, needed: tuple[str, ...]) -> None:
    """Raise :class:`FfmpegMissingError` when ``ffmpeg`` lacks one of ``needed``."""
    missing = [name for name in needed if name not in encoders(ffmpeg)]
    if missing:
        raise FfmpegMissingError(
            f"{ffmpeg} has no {', '.join(missing)} encoder; use the bundled one: {INSTALL_HINT}"
        )
