"""Matching a client with meetings that fit (FAMA stage 2: connect).

Two kinds of rule, as a keyworker would apply them:

**Hard needs exclude.** A meeting that is not running (inactive, or temporarily closed) is
never offered and is not counted as "considered". Every running meeting that fails a hard
need is counted under the *first* rule it fails, in this fixed order, so the counts add up
(``considered == fitting + sum(excluded)``) and do not depend on the directory's order:

1. who the group is for: family-and-friends groups (``family=True``) or groups for the
   client's own recovery (``family=False``), from the organisation registry;
2. programme, if any was asked for (12-step, SMART, local);
3. ways of attending the client can use (a hybrid meeting suits someone who can attend in
   person *or* online);
4. audience asked for, one tag at a time (women-only, men-only, LGBTQ+, young people);
5. access needs, one at a time (the meeting's tags must include each; step-free access is
   met by online and phone meetings, which have no venue to reach);
6. distance (``within_miles``), for meetings the client would attend in person: too far, or
   "distance unknown" when the client's district or the venue cannot be placed. Online and
   phone meetings have no distance; a hybrid meeting beyond reach still fits a client who
   can join online.

**Preferences rank.** Each fitting meeting gets a score (higher is better), from weighted
parts each between 0 and 1:

=================  ======  ==========================================================
part               weight  how
=================  ======  ==========================================================
substance fit      3       the fellowship's fit with the client's substances (AA for
                           drinking, CA for cocaine and crack, ...); 0.5 when unknown
travel             3       ``1 / (1 + miles / 3)`` in person; 0.5 online or by phone
                           (about as good as three miles away); 0.3 distance unknown;
                           a hybrid meeting takes the better way the client can use
day and time       2       asked-for day (1 or 0) and start inside the window (1,
                           fading to 0 two hours outside it), averaged; 0 if not asked
open meeting       1       open 1, unknown 0.5, closed 0: a keyworker can go along to
                           an open meeting for the first visit
soonest            1       ``1 - hours until the next one / 168``
audience not       -1.5    a women's, men's, LGBTQ+ or young people's group the client
asked for                  did not ask for (we don't record gender, so it is not a need)
our experience     ±1      what happened to the clients the service referred there
                           (:func:`~fama.directory.outcomes.outcome_score`): only
                           among meetings that meet every hard need
=================  ======  ==========================================================

Ties break by the sooner next occurrence, then the meeting id, so the order is always the
same. Reasons are plain words for the keyworker; they are worked out only for the results.

Pure and fast: no Textual, no TinyDB, no pydantic construction in the loop, no zoneinfo per
meeting (a weekday-offset table gives the next occurrence).

The modules, each imported directly (this package imports nothing):
:mod:`~fama.directory.matching.request` (what is asked for, and the outcome),
:mod:`~fama.directory.matching.plan` (the weights, each fellowship's substance fit, and the
request worked out once: rules, score parts, the next occurrence),
:mod:`~fama.directory.matching.ranking` (:func:`~fama.directory.matching.ranking.rank`: the
hard needs and the score over the directory), :mod:`~fama.directory.matching.reasons` (why
a result fits, in words) and :mod:`~fama.directory.matching.words` (the plain words they
share).
"""
