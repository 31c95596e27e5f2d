"""What every stage of one run shares: settings, the run's id and date, its ledger and landing folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pkit.config import Settings
from pkit.run.ledger import Ledger, safe_name

PKT = ZoneInfo("Asia/Karachi")


@dataclass(frozen=True)
class RunContext:
    settings: Settings
    run_id: str
    run_date: date  # the run's date in Pakistan time: "today" for the checks

    @classmethod
    def create(
        cls, run_id: str, logical_date: datetime | None = None, settings: Settings | None = None
    ) -> RunContext:
        when = logical_date.astimezone(PKT) if logical_date else datetime.now(PKT)
        return cls(settings or Settings.from_env(), run_id, when.date())

    @property
    def ledger(self) -> Ledger:
        return Ledger(self.settings.ledger_dir, self.run_id)

    @property
    def candidate_dir(self) -> Path:
        """This run's candidate folder: runs never share a candidate path."""
        return self.settings.candidates_dir / safe_name(self.run_id)

    @property
    def landing(self) -> Path:
        return self.settings.landing_dir / safe_name(self.run_id)

    def clear_landing(self) -> None:
        shutil.rmtree(self.landing, ignore_errors=True)

    def clear_stale_landings(self) -> list[str]:
        """Landing folders of runs that are over are leftovers of crashes: remove them. Called under
        the run lock; another Airflow run's folder may still be live (``pkit.run.lock.may_be_live``)."""
        from pkit.run.lock import claim, may_be_live

        removed = []
        if self.settings.landing_dir.is_dir():
            for folder in self.settings.landing_dir.iterdir():
                if folder != self.landing and not may_be_live(folder):
                    shutil.rmtree(folder, ignore_errors=True)
                    removed.append(folder.name)
        claim(self.landing, self.run_id, self.settings.warehouse_dir)
        return removed
