"""Command-line commands for the Valossa API: jobs, results, uploads and the Training API.

Commands: ``submit``, ``status``, ``wait``, ``fetch``, ``jobs``, ``cancel``, ``delete``, ``upload``
and ``training`` (face galleries, identities and images). Each takes ``--api-key`` (default:
``$VALOSSA_API_KEY``) and ``--base-url``. Results go to stdout as JSON or one short line; progress
goes to stderr (a bar on a terminal). Failures are raised as
:class:`~valossa_metadata.errors.ValossaError` subclasses, which the main CLI prints as one line;
``submit`` whose answer was lost (the job may exist) prints its advice and exits with
:data:`EXIT_JOB_MAY_EXIST`.

Examples:
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="valossa-metadata")
    >>> register(parser.add_subparsers())
    >>> parser.parse_args(["status", "JOB", "--api-key", "k"]).job_id
    'JOB'
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from valossa_metadata.api.constants import DEFAULT_BASE_URL, GENDERS, RESULT_TYPES
from valossa_metadata.cli.common import CommandError, Subparsers

if TYPE_CHECKING:
    from valossa_metadata.api.client import Client, JobStatus
    from valossa_metadata.api.training import Listing

__all__ = ["EXIT_JOB_MAY_EXIST", "CommandError", "register"]

#: The exit status of ``submit`` when the job may have been created but its id was lost.
EXIT_JOB_MAY_EXIST = 3

Handler = Callable[[argparse.Namespace], int]
_URL = re.compile(r"(?i)(https?|valossaupload)://")


def _client(args: argparse.Namespace) -> Client:
    from valossa_metadata.api.client import Client

    return Client(args.api_key, base_url=args.base_url)


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _status_dict(status: JobStatus) -> dict[str, Any]:
    return {field: getattr(status, field) for field in status.__struct_fields__}


def _listing(items: Listing[Any]) -> list[dict[str, Any]]:
    import msgspec

    return [{k: v for k, v in msgspec.structs.asdict(item).items() if k != "raw"} for item in items]


def _on_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int | None], None]]:
    from tqdm import tqdm

    bar = tqdm(
        total=None,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        desc=label,
        file=sys.stderr,
        leave=False,
        disable=not _on_terminal(),
    )

    def update(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")


def _upload(client: Client, path: str, state_dir: str | None = None, kind: str = "video") -> str:
    with _progress_bar(f"upload {path}") as progress:
        return client.upload_file(path, progress=progress, state_dir=state_dir, kind=kind, notice=_say)


def _wait(client: Client, job_id: str, timeout: float, interval: float) -> JobStatus:
    from tqdm import tqdm

    last: list[str] = []
    terminal = _on_terminal()
    bar = tqdm(
        total=None,
        desc=job_id,
        file=sys.stderr,
        leave=False,
        disable=not terminal,
        bar_format="{desc} {postfix} {elapsed}",
    )

    def report(status: JobStatus) -> None:
        line = f"{status.status} (media transfer: {status.media_transfer_status or '-'})"
        if terminal:
            bar.set_postfix_str(line)
        elif not last or last[-1] != line:
            _say(f"{status.job_id}: {line}")
        last.append(line)

    def outage(error: Exception) -> None:
        message = f"{job_id}: still waiting after an error: {error}"
        if terminal:
            bar.set_postfix_str(f"retrying after an error: {error}"[:120])
        else:
            _say(message)

    try:
        return client.wait(job_id, timeout=timeout, poll_interval=interval, on_status=report, on_error=outage)
    finally:
        bar.close()


# -- handlers ----------------------------------------------------------------------------------


def _submit(args: argparse.Namespace) -> int:
    from valossa_metadata.errors import JobMayExistError

    try:
        return _submit_job(args)
    except JobMayExistError as exc:
        sys.stderr.write(f"valossa-metadata: error: {exc}\n")
        return EXIT_JOB_MAY_EXIST


def _submit_job(args: argparse.Namespace) -> int:
    from pathlib import Path

    with _client(args) as client:
        video = args.video_url
        if args.upload and video:
            raise CommandError("give a video URL or --upload FILE, not both")
        transcript = args.transcript
        if transcript and not _URL.match(transcript):
            from valossa_metadata.api.upload import check_size
            from valossa_metadata.subtitles.validate import validate_srt

            check_size(Path(transcript), Path(transcript).stat().st_size, "transcript")
            validate_srt(transcript)
            transcript = _upload(client, transcript, kind="transcript")
        if args.upload:
            with _progress_bar(f"upload {args.upload}") as progress:
                video = client.upload_file(args.upload, progress=progress, keep_url=True, notice=_say)
            _say(f"uploaded {args.upload}: {video} (kept until a job uses it)")
        if not video and not transcript:
            raise CommandError("give a video URL, --upload FILE or --transcript FILE|URL")
        job_id = client.new_job(
            video,
            transcript_url=transcript,
            title=args.title,
            description=args.description,
            language=args.language,
            customer_media_id=args.customer_media_id,
            face_gallery_id=args.gallery,
            face_min_relative_height=args.face_min_height,
            callback_url=args.callback_url,
            email_notification=args.email_notification,
        )
        if args.upload:
            client.forget_upload(args.upload)
        print(job_id, flush=True)
        if args.wait:
            _print_json(_status_dict(_wait(client, job_id, args.timeout, args.interval)))
    return 0


def _status(args: argparse.Namespace) -> int:
    with _client(args) as client:
        _print_json(_status_dict(client.job_status(args.job_id)))
    return 0


def _wait_command(args: argparse.Namespace) -> int:
    with _client(args) as client:
        _print_json(_status_dict(_wait(client, args.job_id, args.timeout, args.interval)))
    return 0


def _fetch(args: argparse.Namespace) -> int:
    with _client(args) as client:
        if args.output and args.output != "-":
            with _progress_bar(f"fetch {args.job_id}") as progress:
                target = client.download(args.job_id, args.output, type=args.type, progress=progress)
            print(target)
            return 0
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        for block in client.iter_results(args.job_id, args.type):
            if binary is not None:
                binary.write(block)
            else:  # a text-only stdout (tests, some IDEs)
                sys.stdout.write(block.decode("utf-8", "replace"))
        if binary is not None:
            binary.flush()
    return 0


def _jobs(args: argparse.Namespace) -> int:
    filters: dict[str, str] = {}
    for item in args.filter or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CommandError(f"--filter takes NAME=VALUE, got {item!r}")
        filters[name] = value
    with _client(args) as client:
        if args.customer_media_id is not None:
            if filters:
                raise CommandError("give --customer-media-id or --filter, not both")
            _print_json(client.find_jobs(customer_media_id=args.customer_media_id))
        else:
            _print_json(client.list_jobs(**filters))
    return 0


def _cancel(args: argparse.Namespace) -> int:
    with _client(args) as client:
        _print_json(client.cancel_job(args.job_id))
    return 0


def _delete(args: argparse.Namespace) -> int:
    with _client(args) as client:
        _print_json(client.delete_job(args.job_id))
    return 0


def _upload_command(args: argparse.Namespace) -> int:
    with _client(args) as client:
        kind = "transcript" if args.file.lower().endswith(".srt") else "video"
        print(_upload(client, args.file, args.state_dir, kind))
    return 0


def _training(args: argparse.Namespace) -> int:
    from valossa_metadata.api.training import MISSING

    with _client(args) as client:
        training = client.training
        action = args.training_action
        if action == "galleries":
            _print_json(_listing(training.list_face_galleries()))
        elif action == "create-gallery":
            print(training.create_face_gallery(args.name))
        elif action == "rename-gallery":
            _print_json(training.update_face_gallery(args.gallery_id, name=args.name))
        elif action == "identities":
            _print_json(_listing(training.list_face_identities(args.gallery)))
        elif action == "create-identity":
            print(training.create_face_identity(args.name, args.gender, args.gallery))
        elif action == "add-image":
            image = args.image if _URL.match(args.image) else training.upload_image(args.image)
            print(training.add_face_image(args.face_id, image))
        elif action == "images":
            _print_json(_listing(training.list_face_images(args.face_id)))
        elif action == "rename":
            gender = MISSING if args.gender is None else (None if args.gender == "none" else args.gender)
            _print_json(training.update_face_identity(args.face_id, name=args.name, gender=gender))
        elif action == "remove-image":
            _print_json(training.remove_face_image(args.image_id))
        elif action == "remove-identity":
            _print_json(training.remove_face_identity(args.face_id))
        else:  # upload-image
            print(training.upload_image(args.file))
    return 0


# -- parsers -----------------------------------------------------------------------------------


def _connection_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("API connection")
    group.add_argument("--api-key", metavar="KEY", help="Valossa API key (default: $VALOSSA_API_KEY)")
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=DEFAULT_BASE_URL,
        help=f"API base URL (default: {DEFAULT_BASE_URL})",
    )
    return parent


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout", type=float, default=3600.0, metavar="SECONDS", help="give up after this long (3600)"
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="poll interval when the API suggests none (10)",
    )


def register(subparsers: Subparsers) -> None:
    """Add the API commands to the main CLI's subparsers; each sets ``handler``.

    Examples:
        >>> import argparse
        >>> parser = argparse.ArgumentParser()
        >>> register(parser.add_subparsers())
        >>> parser.parse_args(["fetch", "J", "-o", "core.json"]).type
        'core'
    """
    conn = _connection_options()

    def command(name: str, handler: Handler, help: str, *, options: bool = True) -> argparse.ArgumentParser:
        parents = [conn] if options else []
        parser: argparse.ArgumentParser = subparsers.add_parser(
            name, parents=parents, help=help, description=help
        )
        parser.set_defaults(handler=handler)
        return parser

    submit = command("submit", _submit, "submit a video and/or an SRT transcript for analysis")
    submit.add_argument("video_url", nargs="?", metavar="VIDEO_URL", help="https:// or valossaupload:// URL")
    submit.add_argument("--upload", metavar="FILE", help="upload this local video first and analyse it")
    submit.add_argument(
        "--transcript",
        metavar="FILE|URL",
        help="SRT transcript: a URL, or a local file (checked, then uploaded)",
    )
    submit.add_argument("--title", help="media title")
    submit.add_argument("--description", help="media description (analysed for keywords)")
    submit.add_argument("--language", help="media language, such as en-US (the API's default)")
    submit.add_argument(
        "--customer-media-id",
        metavar="ID",
        help="your own media identifier, to find the job again with 'jobs --customer-media-id'",
    )
    submit.add_argument("--gallery", metavar="GALLERY_ID", help="custom face gallery for identities")
    submit.add_argument(
        "--face-min-height",
        type=float,
        metavar="FRACTION",
        help="smallest face to detect, as a fraction (0-1] of the frame height",
    )
    submit.add_argument("--callback-url", metavar="URL", help="Valossa POSTs here when the job ends")
    submit.add_argument(
        "--email-notification",
        action="store_true",
        help="e-mail the users with access to this API key's results when the job ends",
    )
    submit.add_argument("--wait", action="store_true", help="wait for the job and print its final status")
    _wait_options(submit)

    command("status", _status, "print the status of a job as JSON").add_argument("job_id", metavar="JOB")

    wait = command("wait", _wait_command, "wait for a job to finish (progress on stderr)")
    wait.add_argument("job_id", metavar="JOB")
    _wait_options(wait)

    fetch = command("fetch", _fetch, "download a result of a finished job")
    fetch.add_argument("job_id", metavar="JOB")
    fetch.add_argument(
        "--type", default="core", choices=RESULT_TYPES, metavar="TYPE", help="result type (core)"
    )
    fetch.add_argument("-o", "--output", metavar="FILE", help="file or folder to write (default: stdout)")

    jobs = command("jobs", _jobs, "list the jobs of this API key as JSON")
    jobs.add_argument("--filter", action="append", metavar="NAME=VALUE", help="query parameter (repeatable)")
    jobs.add_argument(
        "--customer-media-id", metavar="ID", help="only the jobs tagged with this customer media id"
    )

    command("cancel", _cancel, "cancel a job still in the queue").add_argument("job_id", metavar="JOB")
    command("delete", _delete, "delete a job and all its results").add_argument("job_id", metavar="JOB")

    upload = command(
        "upload",
        _upload_command,
        "upload a local video or .srt transcript (resumable); print its valossaupload:// URL",
    )
    upload.add_argument("file", metavar="FILE")
    upload.add_argument("--state-dir", metavar="DIR", help="where to keep the resume state (next to FILE)")

    training = command(
        "training", _training, "the Training API: face galleries, identities and images", options=False
    )
    _register_training(training, conn)


def _register_training(training: argparse.ArgumentParser, conn: argparse.ArgumentParser) -> None:
    actions = training.add_subparsers(dest="training_action", metavar="ACTION", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, parents=[conn], help=help, description=help)

    action("galleries", "list the face galleries")
    action("create-gallery", "create a face gallery; print its id").add_argument("name", metavar="NAME")
    rename_gallery = action("rename-gallery", "rename a face gallery")
    rename_gallery.add_argument("gallery_id", metavar="GALLERY_ID")
    rename_gallery.add_argument("name", metavar="NAME")
    action("identities", "list the face identities of a gallery").add_argument(
        "--gallery", metavar="GALLERY_ID", help="gallery (default: the default gallery)"
    )
    create = action("create-identity", "create a face identity; print its id")
    create.add_argument("--name", help="person's name")
    create.add_argument("--gender", choices=GENDERS)
    create.add_argument("--gallery", metavar="GALLERY_ID", help="gallery (default: the default gallery)")
    add = action("add-image", "add a training image to an identity; print the image id")
    add.add_argument("face_id", metavar="FACE_ID")
    add.add_argument(
        "image", metavar="IMAGE", help="a local JPG/PNG (uploaded first) or a valossaupload:// URL"
    )
    action("images", "list the training images of an identity").add_argument("face_id", metavar="FACE_ID")
    rename = action("rename", "change the name (and optionally the gender) of an identity")
    rename.add_argument("face_id", metavar="FACE_ID")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("--gender", choices=(*GENDERS, "none"), help="also set the gender ('none' clears it)")
    action("remove-image", "remove a training image").add_argument("image_id", metavar="IMAGE_ID")
    action("remove-identity", "remove an identity and its images").add_argument("face_id", metavar="FACE_ID")
    action("upload-image", "upload a JPG/PNG (max 8 MB); print its URL").add_argument("file", metavar="FILE")
