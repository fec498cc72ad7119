"""The registry of mutual aid organisations in England (DESIGN §3, domain brief §8).

Kept in code rather than the store: it is reference data that every service shares,
and a code change is the right way to correct it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from fama.models.common import Programme, Substance


class OrgCode(StrEnum):
    """The mutual aid organisations fama knows, by their usual short names."""

    AA = "AA"
    NA = "NA"
    CA = "CA"
    DAA = "DAA"
    MA = "MA"
    CMA = "CMA"
    SMART = "SMART"
    AL_ANON = "Al-Anon"
    ALATEEN = "Alateen"
    FAMILIES_ANONYMOUS = "FA"
    SMART_FAMILY = "SMART F&F"
    LOCAL = "Local"


class ForWhom(StrEnum):
    """Whether an organisation is for the person in recovery or for their family and friends."""

    PERSON = "the person"
    FAMILY = "family and friends"


class Organisation(BaseModel):
    """What fama knows of one organisation: its names, programme, who it is for and its
    way of working."""

    model_config = ConfigDict(frozen=True)

    code: OrgCode
    name: str
    programme: Programme
    for_whom: ForWhom
    substances: tuple[Substance, ...]
    """Empty means any substance or behaviour."""
    website: str


_ALL: tuple[Substance, ...] = ()

ORGANISATIONS: dict[OrgCode, Organisation] = {
    o.code: o
    for o in (
        Organisation(
            code=OrgCode.AA,
            name="Alcoholics Anonymous",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.PERSON,
            substances=(Substance.ALCOHOL,),
            website="alcoholics-anonymous.org.uk",
        ),
        Organisation(
            code=OrgCode.NA,
            name="Narcotics Anonymous",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.PERSON,
            substances=_ALL,
            website="ukna.org",
        ),
        Organisation(
            code=OrgCode.CA,
            name="Cocaine Anonymous",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.PERSON,
            substances=_ALL,
            website="cauk.org.uk",
        ),
        Organisation(
            code=OrgCode.DAA,
            name="Drug Addicts Anonymous",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.PERSON,
            substances=tuple(s for s in Substance if s is not Substance.ALCOHOL),
            website="drugaddictsanonymous.org.uk",
        ),
        Organisation(
            code=OrgCode.MA,
            name="Marijuana Anonymous",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.PERSON,
            substances=(Substance.CANNABIS,),
            website="marijuana-anonymous.co.uk",
        ),
        Organisation(
            code=OrgCode.CMA,
            name="Crystal Meth Anonymous",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.PERSON,
            substances=(Substance.METHAMPHETAMINE,),
            website="",
        ),
        Organisation(
            code=OrgCode.SMART,
            name="SMART Recovery",
            programme=Programme.SMART,
            for_whom=ForWhom.PERSON,
            substances=_ALL,
            website="smartrecovery.org.uk",
        ),
        Organisation(
            code=OrgCode.AL_ANON,
            name="Al-Anon",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.FAMILY,
            substances=(Substance.ALCOHOL,),
            website="al-anonuk.org.uk",
        ),
        Organisation(
            code=OrgCode.ALATEEN,
            name="Alateen",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.FAMILY,
            substances=(Substance.ALCOHOL,),
            website="al-anonuk.org.uk",
        ),
        Organisation(
            code=OrgCode.FAMILIES_ANONYMOUS,
            name="Families Anonymous",
            programme=Programme.TWELVE_STEP,
            for_whom=ForWhom.FAMILY,
            substances=_ALL,
            website="famanon.org.uk",
        ),
        Organisation(
            code=OrgCode.SMART_FAMILY,
            name="SMART Family & Friends",
            programme=Programme.SMART,
            for_whom=ForWhom.FAMILY,
            substances=_ALL,
            website="smartrecovery.org.uk",
        ),
        Organisation(
            code=OrgCode.LOCAL,
            name="Local recovery group",
            programme=Programme.LOCAL,
            for_whom=ForWhom.PERSON,
            substances=_ALL,
            website="",
        ),
    )
}


def organisation(code: OrgCode | str) -> Organisation:
    """The organisation with this code; ``ValueError`` for a code fama does not know."""
    return ORGANISATIONS[OrgCode(code)]
