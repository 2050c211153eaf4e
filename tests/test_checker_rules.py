"""The checker's rules one by one (issue 16): intents rather than phrases, every kind,
and the words each finding is about."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.core.checker import KINDS, RULES, check_message

NY = "America/New_York"
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo(NY))  # a Friday


def found(kind, text, *, now=NOW, zone=NY):
    return check_message(kind, text, now=now, zone=zone).findings


def rules(kind, text, **options):
    return {f.rule for f in found(kind, text, **options)}


OPENING = "Hi Ada,\n\nWe met at PyData on Tuesday, where you spoke about your team's pipelines. "
ASK = "Would you have 20 minutes for a call next week?"


def outreach(middle: str, ask: str = ASK) -> str:
    return f"{OPENING}{middle} {ask}\n\nBest,\nSam"


# ------------------------------------------------------------------ asks-for-job


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you put in a good word for me with your team?",
        "Could you put a good word in for me?",
        "I'd be grateful if you could speak to your manager on my behalf.",
        "Could you speak to your manager for me about the analyst opening?",
        "Is anyone you know hiring?",
        "Do you know if anybody at Acme is hiring juniors?",
        "Could you pass my CV on to your hiring manager?",
        "Would you forward my résumé to the recruiter?",
        "Please keep me in mind for any roles on your team.",
        "Let me know if anything opens up on your team.",
        "I'd love to work with you in any way I can.",
        "Could you refer me for the data engineer role?",
        "Would you consider referring me?",
        "Are you hiring?",
        "Could you help me get a job at Acme?",
        "I'd be grateful for your help landing an interview there.",
        "Please remember me if a designer role comes up.",
        "If there's an opening on your team, could you let me know?",
        "Any chance your company has openings for junior devs?",
        "I'd be so grateful if you could get my résumé in front of the right person.",
        "Can you help me get hired at Acme?",
        "Is your team looking for anyone right now?",
        "Would you be open to putting my name forward for the role?",
        "Could you tell your boss about me?",
        "Would you mind sharing my profile with your hiring team?",
        "I'd love to be referred to your team for the open role.",
        "If your team ever needs an extra pair of hands, I'd love to help.",
        # speaking to the people who hire, room on the team, who is looking for people
        "Would you let the hiring manager know I'd be a good fit?",
        "Could you remind your recruiter that I applied?",
        "If your group ever has room for a junior designer, I'd jump at it.",
        "Do you know of any labs nearby that are looking for research assistants?",
        "I really want to work at Acme, and I hope you can help me get in.",
        "If you ever need another tester, I'd love to throw my hat in the ring.",
        "Would you keep me posted if there are openings on your team?",
    ],
)
def test_a_job_ask_is_seen_in_any_wording(sentence):
    assert "asks-for-job" in rules("outreach", outreach(sentence))


def test_an_onward_introduction_from_a_job_hunter_is_a_job_ask():
    text = outreach("I'm job hunting at the moment. Could you introduce me to people on your team?")
    assert "asks-for-job" in rules("outreach", text)
    # the same introduction without the job hunt is an ordinary ask
    assert "asks-for-job" not in rules(
        "outreach", outreach("Could you introduce me to people on your team?")
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm not looking for a job; I'd value your advice.",
        "I'm not asking for a referral, only your perspective.",
        "I'm moving into data engineering.",
        "I'm job hunting after a layoff.",
        "How does your team's hiring process work?",
        "Dana Lee referred me to you.",
        "What does your team look for in a junior engineer?",
        "I know you're not hiring, and that's not why I'm writing.",
        "I recently started a new job in analytics.",
        "Would you tell me how your team decides what roles to open?",
        "Dana Lee gave me your name.",
        "I was referred to you by Dana Lee.",
        "I'm applying for data roles and would love your advice on my résumé.",
        "How did you get hired at Acme with a biology degree?",
        "I'd love to learn how your team hires for junior positions, so I can prepare.",
        "What would you recommend I focus on to become a stronger candidate?",
        "Could you recommend me a book on data modelling?",
        "Your post on open roles at startups vs big companies was great.",
        "I'm job hunting, and I'd love to hear how you approached your own search.",
        # news and remarks, not asks
        "Your company seems to be looking for people who can write, which I found striking.",
        "I know your team is hiring, but I'm really after advice on the switch.",
        "A friend got a referral for a role at a startup last month, which got me thinking.",
        "What do startups look for in a first designer?",
    ],
)
def test_what_is_not_a_job_ask(sentence):
    assert "asks-for-job" not in rules("outreach", outreach(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Would you submit me for the analyst opening through your programme?",
        "If you ever hear about a QA opening, please ping me.",
        "Could you show my project to the lead for the summer internship?",
        "I'd be thrilled if you could flag me to whoever runs the apprenticeship intake.",
        "If you ever have overflow work, could you send some my way?",
        "Any chance you could get me in front of your studio head?",
        "Now that my portfolio is done, would you pass it to Dana for the designer posting?",
    ],
)
def test_a_request_for_me_that_names_a_job_is_a_job_ask(sentence):
    """The verb can be anything: a request of them, for the sender, naming a post."""
    assert "asks-for-job" in rules("outreach", outreach(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Could you tell me about your move into a product role?",
        "Would you share with me what the interview loop looks like for juniors?",
        "I'd love to hear from you about the role of a data steward.",
        "Could you tell me how analyst roles differ between banks?",
        "I'd love your advice on whether my portfolio is ready for junior roles.",
        "Would you be open to an informational interview with me next week?",
        "Could you recommend me someone to ask about internships?",
    ],
)
def test_a_job_named_as_a_topic_or_theirs_is_no_job_ask(sentence):
    assert "asks-for-job" not in rules("outreach", outreach(sentence))


#: Wordings written after the tune part was fitted, in two rounds of 30 asks and 25
#: non-asks, to see whether the rules hold on asks they were not shaped by: before the
#: structural rules (a request to the people who hire, room on the team, a team that
#: grows, "bring on", a reference) the first round missed 8 asks and the second 14; one
#: non-ask was a false finding ("your current role").
FRESH_JOB_ASKS = [
    "Could you ask around to see if anyone needs a junior analyst?",
    "I'd love to be on your radar for future openings.",
    "Would your manager be open to meeting me about a position?",
    "Please let me know if your company is taking on interns this summer.",
    "Could you drop my name to your director?",
    "Any leads on jobs in your network would be hugely appreciated.",
    "If your team is expanding, please count me in.",
    "Do you know any companies that are recruiting data analysts right now?",
    "Would you consider passing my details to your talent acquisition team?",
    "If a spot opens up in your lab, I'd love first dibs.",
    "Could you put me in touch with the person who makes hiring decisions?",
    "I'd be grateful if you would endorse my application for the graduate scheme.",
    "Would you be comfortable telling your team lead about me?",
    "Do you know of any agencies looking for freelance copywriters?",
    "It would mean a lot if you could help me secure a placement at your firm.",
    "I wonder if you could forward my cover letter to HR.",
    "If you ever need someone to help with your data cleaning, I'm your person.",
    "Could you let me know when the next round of hiring starts so I can apply with your referral?",
    "Are there any junior positions on your team I could apply for with your support?",
    "Would you be up for recommending me for the analyst opening?",
    "Please keep me posted about any roles at Acme that fit my background.",
    "I was hoping you could connect me with your recruiter about the open role.",
    "Could you put in a word with your boss for me?",
    "Is your team by any chance looking to bring on a new designer?",
    "I'd jump at any opportunity to join Acme, so please think of me.",
    "If you could make an introduction to your HR team, that would help my application.",
    "Could you check whether my application has reached the hiring manager?",
    "I'd love to apply to your team; could you refer me internally?",
    "Any chance there's room for a junior developer in your group?",
    "Would you be open to hiring me as a contractor for your next project?",
    "Do you know of anyone who might take me on as an apprentice?",
    "I'd be grateful for any job leads you come across.",
    "Could you say a few good things about me to the panel?",
    "If a role comes up that suits me, would you let me know?",
    "Could you help me land a spot in your summer programme?",
    "Would you be willing to be a reference for my application to Acme?",
    "Is there anything on your team I could step into?",
    "I'm sure you know people who are hiring, so please pass my CV around.",
]
FRESH_NOT_JOB_ASKS = [
    "How did you find your current role?",
    "I'd love to understand how your team decides between hiring seniors and juniors.",
    "Would you tell me what made you choose Acme over other offers?",
    "I'm not after a job, just twenty minutes of your perspective.",
    "What do you think makes a strong application for roles in your field?",
    "I'd value your thoughts on how to present a career break in interviews.",
    "How did you handle the move from teaching into your current position?",
    "I'm aiming for analyst roles next year and want to understand the work first.",
    "Could you share which resources helped you most in your first year?",
    "I'm curious what the interview process taught you about yourself.",
    "Your talk on hiring for potential really resonated with me.",
    "Would you be willing to tell me how your team measures success?",
    "What does a good first ninety days look like in a role like yours?",
    "I'd love to hear about the projects your team is proudest of.",
    "I'm currently between jobs and using the time to learn SQL properly.",
    "Can you tell me how you got your first break in journalism?",
    "I know you're busy, so a short call would be plenty.",
    "How do recruiters in your industry usually read a career-change CV?",
    "I'm keen to learn how the roles on a data team fit together.",
    "Would you recommend a bootcamp or self-study for someone like me?",
    "I'd love to hear your honest view on the job market for juniors.",
    "What questions would you ask if you were in my position?",
    "Could you help me understand what a product owner actually does?",
    "I'd appreciate your advice on which skills to prioritise.",
    "Could we chat about how you balance on-call work with family life?",
    "I'm hoping to learn how you built your network when you started.",
]


@pytest.mark.parametrize("sentence", FRESH_JOB_ASKS)
def test_fresh_wordings_of_a_job_ask(sentence):
    assert "asks-for-job" in rules("outreach", outreach(sentence))
    assert "asks-for-job" in rules("keep-in-touch", f"Hi Ada, congrats on the launch! {sentence}")


@pytest.mark.parametrize("sentence", FRESH_NOT_JOB_ASKS)
def test_fresh_wordings_that_are_no_job_ask(sentence):
    assert "asks-for-job" not in rules("outreach", outreach(sentence))


def test_anything_for_me_from_a_job_hunter_is_a_job_ask():
    hunting = "Hi Ada, I'm searching for a new role. If Acme has anything in QA, let me know!"
    assert "asks-for-job" in rules("keep-in-touch", hunting)
    # the same words from someone offering help are no ask for a job
    offering = "Hi Ada, congrats on the launch! If you need anything from me, let me know."
    assert "asks-for-job" not in rules("keep-in-touch", offering)


def test_a_job_ask_is_an_error_for_the_later_kinds_too():
    for kind in ("follow-up", "report-back", "keep-in-touch"):
        finding = {f.rule: f for f in found(kind, "Hi Ada, let me know if anything opens up.")}
        assert finding["asks-for-job"].severity == "error", kind


# ------------------------------------------------------------------------ no-ask


@pytest.mark.parametrize(
    "text",
    [
        "Hi Ada, great to meet you at PyData! Let's get coffee sometime.",
        "Hi Ada, we met at PyData. I just wanted to say I enjoyed your talk.",
        "Hi Ada, our platform cuts data costs by 40%. Could we book a demo next week?",
        "Hi Ada, we met at PyData. Would love to connect!",
    ],
)
def test_a_first_message_without_an_ask_is_an_error(text):
    (no_ask,) = [f for f in found("outreach", text) if f.rule == "no-ask"]
    assert no_ask.severity == "error"
    assert "question-ask" not in rules("outreach", text)
    assert "meeting-length" not in rules("outreach", text)


@pytest.mark.parametrize(
    "ask",
    [
        "Would you be open to a chat sometime soon?",
        "I'd love 20 minutes of your time next week.",
        "Could I send you two or three questions by email?",
        "I'd be grateful for your advice on moving into data engineering.",
        "Would you consider mentoring me?",
        "Would you be willing to review my portfolio for 15 minutes?",
        "Could we find a time for you to walk me through your job?",
        "I was wondering if you might be open to a brief call.",
    ],
)
def test_a_clear_ask_is_an_ask(ask):
    assert "no-ask" not in rules("outreach", outreach("", ask))


@pytest.mark.parametrize(
    "pitch",
    [
        "I run a small design studio, and my rates are lower than most agencies.",
        "We help startups like yours close their books in a day. Can I send you a quote?",
        "I'd love to walk you through a short demo of our scheduling app.",
        "Our inventory assistant halves stock-outs. Would you be open to a 20-minute demo?",
    ],
)
def test_a_sales_pitch_is_no_ask(pitch):
    assert "no-ask" in rules("outreach", outreach(pitch, ""))


def test_talking_about_their_pricing_work_is_not_a_pitch():
    text = outreach("Your article on pricing for small SaaS teams made me rethink my project.")
    assert "no-ask" not in rules("outreach", text)


def test_an_ask_that_is_not_a_question_is_a_warning():
    text = outreach("", "I'd love 20 minutes of your time next week.")
    assert "question-ask" in rules("outreach", text)
    assert "meeting-length" not in rules("outreach", outreach("", "Could I email you 3 questions?"))


def test_a_job_ask_put_as_a_question_is_still_a_question():
    text = outreach(
        "", "Is your team hiring analysts this winter? I'd love 20 minutes of your time."
    )
    found_rules = rules("outreach", text)
    assert "asks-for-job" in found_rules
    assert "question-ask" not in found_rules


def test_an_indirect_question_is_a_question():
    for ask in (
        "I was wondering if you might have 20 minutes for a call next week.",
        "Please let me know if a 20-minute call next week might work.",
    ):
        assert "question-ask" not in rules("outreach", outreach("", ask)), ask


def test_an_ask_in_a_ps_after_the_sign_off_counts():
    text = f"{OPENING}\n\nBest,\nSam\n\nP.S. {ASK}"
    assert rules("outreach", text) == set()
    without = f"{OPENING}\n\nBest,\nSam"
    assert "no-ask" in rules("outreach", without)


# ------------------------------------------------------------- connection-first


@pytest.mark.parametrize(
    "first",
    [
        "Priya Nair suggested I write to you.",
        "I got your name from Priya Nair.",
        "We both worked at Orbis a few years ago.",
        "As a fellow Wildcat, I hope you don't mind a note.",
        "I loved your article on data contracts.",
        "Great to meet you at the launch party on Friday!",
        "I found you through the Women Who Code Slack.",
        "We overlapped at Deloitte in 2019.",
        "Jo Park mentioned you'd be a great person to ask about fintech.",
        "I read your piece on data contracts.",
    ],
)
def test_the_connection_may_be_a_name_a_shared_past_or_their_work(first):
    text = f"Hi Ada,\n\n{first} I'm moving into data engineering. {ASK}\n\nBest,\nSam"
    assert "connection-first" not in rules("outreach", text)


def test_a_profile_found_on_linkedin_is_not_a_connection():
    text = f"Hi Ada,\n\nI came across your profile on LinkedIn. {ASK}\n\nBest,\nSam"
    assert "connection-first" in rules("outreach", text)


def test_my_own_club_is_not_a_connection():
    text = f"Hi Ada,\n\nI'm the treasurer of our data science club. {ASK}\n\nBest,\nSam"
    assert "connection-first" in rules("outreach", text)


def test_a_cold_opening_is_not_a_connection():
    text = f"Hi Ada,\n\nI'm reaching out because I'm interested in data. {ASK}\n\nBest,\nSam"
    (finding,) = [f for f in found("outreach", text) if f.rule == "connection-first"]
    assert finding.quotes == ("I'm reaching out because I'm interested in data.",)
    assert finding.span is not None
    assert text[finding.span[0] : finding.span[1]] == finding.quotes[0]


# -------------------------------------------------------------------- about-them


def test_a_student_introducing_themselves_is_fine_with_one_line_on_them():
    text = (
        "Hi Ada,\n\nWe met at the career fair on Tuesday. I'm a junior studying statistics, "
        "I've built two dashboards for my club and I'm weighing analytics against data "
        "engineering. Your move from analytics into platform work is the path I'm curious "
        f"about. {ASK}\n\nBest,\nSam"
    )
    assert "about-them" not in rules("outreach", text)


def test_a_message_all_about_the_sender_is_flagged():
    text = (
        "Hi Ada,\n\nWe met at the meetup. I'm a nurse, I've been learning UX, my portfolio has "
        "my projects and I think I'd fit well. Could we chat for 20 minutes?\n\nBest,\nSam"
    )
    assert "about-them" in rules("outreach", text)


def test_a_message_with_no_ask_is_left_to_no_ask():
    hello = (
        "Hi Ada,\n\nI'm a nurse who has been learning UX for a year. I just finished my third "
        "portfolio project and I'm proud of how my skills have grown. I wanted to say "
        "hello.\n\nBest,\nSam"
    )
    found_rules = rules("outreach", hello)
    assert "no-ask" in found_rules
    assert "about-them" not in found_rules


# ---------------------------------------------------------------------- scheduling


SCHEDULING = (
    "Hi Ada,\n\nThank you for agreeing to chat! Could we meet Tue Dec 1 at 12:00, Wed Dec 2 "
    "at 17:30 or any time on Thursday? Which works best for you? {flex} I can come to your "
    "office or we can do a call. Looking forward to it!\n\nBest,\nSam"
)


def test_if_that_does_not_suit_i_am_also_free_is_flexible():
    text = SCHEDULING.format(flex="If those don't suit, I'm also free on Monday morning.")
    assert "flexible-time" not in rules("scheduling", text.replace("Thursday", "Thursday"))
    assert "flexible-time" in rules("scheduling", SCHEDULING.format(flex=""))


@pytest.mark.parametrize(
    "ruled_out",
    [
        "I'm away on Monday, so that day won't work, sorry.",
        "I won't be able to meet on Monday.",
        "I'm travelling on Monday.",
        "I'm on early shifts on Monday and Tuesday, so those days won't work for me.",
        "I'm teaching on Monday, so that one is out.",
    ],
)
def test_a_day_ruled_out_is_not_an_option(ruled_out):
    text = SCHEDULING.format(flex=ruled_out)
    assert "three-options" not in rules("scheduling", text)
    offered = SCHEDULING.format(flex="I could also do Monday at 8am.")
    assert "three-options" in rules("scheduling", offered)


def test_a_call_needs_no_place_and_if_not_tell_me_what_suits_is_flexible():
    text = (
        "Thank you for agreeing to a call! Would Tuesday 1 December at 12:00, Wednesday 2 "
        "December at 17:30 or any time Thursday 3 December work? If not, let me know what "
        "suits you. Looking forward to it."
    )
    assert rules("scheduling", text) == set()
    coffee = text.replace("a call", "a coffee")
    assert "flexible-place" in rules("scheduling", coffee)


def test_moving_things_around_does_not_rule_a_day_out():
    text = (
        "Thank you! I can move things around, so Tuesday at noon, Wednesday at 5:30pm or any "
        "time Friday all work. Which is best? Happy to find another time, or call. Can't wait!"
    )
    assert rules("scheduling", text) == set()


def test_one_day_written_twice_side_by_side_is_one_option():
    text = (
        "Thank you! I could do Thursday afternoon (Dec 3), Friday morning (Dec 4), or any time "
        "on Tuesday, Dec 1. Which suits you? If none do, I can come to you or call. Can't wait!"
    )
    assert "three-options" not in rules("scheduling", text)


@pytest.mark.parametrize(
    "options",
    [
        "Would 10:00 on Tuesday 1, Wednesday 2 or Thursday 3 December suit you?",
        "I can do a call at 18:00 EST on Tuesday 1 December, Wednesday 2 December or "
        "Thursday 3 December.",
        "Could you do 8am on Tuesday, Wednesday or Thursday?",
    ],
)
def test_one_time_for_a_list_of_days_is_that_time_on_each(options):
    text = f"Thank you for agreeing to talk! {options} Happy to find another time, or call."
    found_rules = rules("scheduling", text)
    assert "varied-times" in found_rules and "three-options" not in found_rules


# ----------------------------------------------------------------------- thank-you


@pytest.mark.parametrize(
    "sentence",
    [
        "You walked me through how your team reviews data models.",
        "Hearing how you moved from QA into product was eye-opening.",
        "What you said about owning the test plan stuck with me.",
        "The Range book you recommended is already on my desk.",
        "The tip about joining the dbt Slack was great.",
        "Your tip on pricing my first gigs at a day rate, not hourly, was gold.",
        "Learning that your team hires from QA surprised me.",
        # a fact that was news, and how they did something
        "I had no idea that half of your analysts started in support.",
        "I didn't know the night shift runs its own stand-up.",
        "The way you scoped your first migration, one table a week, made it feel doable.",
    ],
)
def test_a_sentence_about_what_was_discussed_is_specific(sentence):
    text = f"Hi Ada, thank you for the chat. {sentence} I'll look into it this week."
    assert "specific-takeaway" not in rules("thank-you", text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks for sharing your expertise.",
        "Your insights were so valuable.",
        "I learned a lot.",
        "Thank you for your time and for sharing your knowledge of the industry.",
    ],
)
def test_a_thank_you_with_nothing_specific_is_an_error(sentence):
    text = f"Hi Ada, thank you for the chat. {sentence} I'll look into it this week."
    (finding,) = [f for f in found("thank-you", text) if f.rule == "specific-takeaway"]
    assert finding.severity == "error"


@pytest.mark.parametrize(
    "sentence",
    [
        # "you <verb>" after a generic head: it names nothing from the conversation
        "I'll treasure the wisdom you passed on.",
        "All the advice you gave me regarding my job search was helpful.",
        "I appreciate the support you showed and the time you gave.",
        "The thoughts you offered on my future career mean a lot.",
        "I'm grateful for your honesty about my career options.",
        "Thank you for your time on Tuesday.",
        "It was great to hear about your journey.",
        "It was so helpful to learn about your career path.",
        "Thanks for all the resources you pointed me to.",
        # a resource pointed at but not named, a topic named and praised (coaches'
        # labels in development batches d7 and d8)
        "The book you recommended is already on my desk.",
        "I really appreciated the podcasts and books you recommended.",
        "Your tips on networking and LinkedIn were really helpful.",
        "Your advice on my résumé and on interviewing was incredibly practical.",
        "You gave me plenty to think about.",
        "I loved the way you explained things.",
        # (was "specific" before the labels of development batch d10 on topics praised)
        "The advice you gave me about pricing freelance work was gold.",
    ],
)
def test_generic_things_you_shared_are_not_specific(sentence):
    text = f"Dear Ms. Ada, thank you for the chat. {sentence} I'll look into it this week."
    assert "specific-takeaway" in rules("thank-you", text)


@pytest.mark.parametrize(
    "sentence",
    [
        # a generic head, but a topic follows and what was said of it: that is specific
        "The advice you gave me about pricing freelance work by the day is already in my quotes.",
        "The story you told about your first product launch made me laugh.",
        # no generic head at all
        "You showed me the checklist your team uses before a release.",
        # any remark or quality of theirs on a topic
        "I appreciated your candour about the on-call rota in your first year.",
        "Your warning on scope creep in fixed-price contracts is already useful.",
        # a thing they named, however long its name
        "I'll start the free Stanford course on convex optimisation you mentioned.",
        "The two questions you ask every new hire are now taped above my desk.",
        "Good to know that a public project counts for more than a certificate.",
        "It was useful to hear about the on-call rota your team runs.",
    ],
)
def test_things_you_shared_on_a_topic_are_specific(sentence):
    text = f"Dear Ms. Ada, thank you for the chat. {sentence} I'll look into it this week."
    assert "specific-takeaway" not in rules("thank-you", text)


#: Thank-you sentences written after the tune part was fitted: 2 of the generic ones
#: passed as specific and 4 of the specific ones were flagged before "to hear that",
#: "hearing you describe", "you made me realise", "the book you swore by" and "a clearer
#: picture of the field", "some great ideas to consider" were read.
FRESH_SPECIFIC = [
    "Your suggestion to volunteer as a data analyst for a local charity is something I'll act "
    "on this month.",
    "Knowing that your team reads every cover letter's first line has changed how I'll write mine.",
    "I'm still thinking about your comparison of consulting to a series of short marriages.",
    "Your story about presenting to the board with a broken laptop made me laugh and relax.",
    "It helped to hear that a bootcamp certificate matters less to you than a deployed project.",
    "The three-question framework you use for prioritising bugs is now on a sticky note above "
    "my desk.",
    "I'll definitely try the Pomodoro-style study routine you described.",
    "Your point that SQL window functions come up in most analyst interviews was reassuring, "
    "since I've just learned them.",
    "Hearing you describe the night you shipped the payments outage fix made the job feel real.",
    "I loved learning that you started as a receptionist at the same clinic you now run.",
    "You made me realise my teaching experience is really stakeholder management.",
    "Your advice to pick one industry and go deep, rather than applying everywhere, is exactly "
    "what I needed.",
    "The contact at the county health department you gave me, Rosa Diaz, has already replied.",
    "Learning that your analysts rotate through the sales team for a month was new to me.",
    "I had never considered technical writing until you described what your docs team does.",
    "Your warning that startups often expect juniors to own deployment was eye-opening.",
    "I appreciated hearing how you negotiated a four-day week after your second child.",
    "I've ordered Storytelling with Data, the book you swore by.",
    "The idea of keeping a brag document, which you mentioned near the end, is brilliant.",
    "Your explanation of how claims data flows from the clinic to the insurer finally made "
    "sense of my course.",
]
FRESH_GENERIC = [
    "I really enjoyed our conversation and found it extremely helpful.",
    "It was wonderful to get your perspective on the industry.",
    "Your advice was invaluable and I'm grateful for your guidance.",
    "I appreciate your candour and the insight you provided.",
    "I came away with lots of useful information.",
    "Everything you shared was incredibly useful for my career planning.",
    "Talking with you gave me a clearer picture of the field.",
    "I learned so much from hearing about your experiences.",
    "Your words of wisdom will stay with me.",
    "Thanks again for being so generous with your knowledge.",
    "It was great to learn more about your company and your role.",
    "I'll take everything you said on board.",
    "Our discussion helped me think more clearly about my next steps.",
    "Your passion for your work was inspiring.",
    "You gave me some great ideas to consider.",
    "I really valued your honest feedback and practical suggestions.",
    "It was an honour to speak with someone so experienced.",
    "You were so kind to share your journey with me.",
    "The conversation was exactly what I needed at this stage.",
    "I'm grateful for all the tips and advice you gave me.",
]


@pytest.mark.parametrize("sentence", FRESH_SPECIFIC)
def test_fresh_specific_thank_yous(sentence):
    text = f"Hi Ada,\n\nThank you for the call today. {sentence}\n\nBest,\nSam"
    assert "specific-takeaway" not in rules("thank-you", text)


@pytest.mark.parametrize("sentence", FRESH_GENERIC)
def test_fresh_generic_thank_yous(sentence):
    text = f"Hi Ada,\n\nThank you for the call today. {sentence}\n\nBest,\nSam"
    assert "specific-takeaway" in rules("thank-you", text)


@pytest.mark.parametrize(
    "promise",
    [
        "I'll look into the course you recommended.",
        "I'm reading the book you mentioned this weekend.",
        "I'm archiving the rest tonight.",
        "I've already signed up for the meetup.",
        "I'll apply everything you said to my portfolio review on Friday.",
        "I'll work on what we discussed and send you my new draft next week.",
    ],
)
def test_a_promise_to_follow_their_advice_is_a_next_action(promise):
    text = f"Hi Ada, thanks! Your advice on portfolios was spot on. {promise}"
    assert "next-action" not in rules("thank-you", text)


@pytest.mark.parametrize(
    "vague",
    [
        "I'll stay in touch.",
        "I'll be sure to keep everything you said in mind.",
        "I am going to reflect carefully on everything we discussed.",
        "I'll be thinking about it all week.",
        "I'll take your advice to heart.",
        "I'm going to take some time to think it all over.",
        "I'll follow up on everything we discussed.",
    ],
)
def test_staying_in_touch_or_only_thinking_is_not_a_next_action(vague):
    text = f"Hi Ada, thanks! Your advice on portfolios was spot on. {vague}"
    assert "next-action" in rules("thank-you", text)


# ----------------------------------------------------------------------- follow-up


def test_follow_up_rules():
    good = (
        "Hi Ada, in case my note got buried: would a 20-minute call about your move into UX "
        "work in the next few weeks? No worries if now isn't a good time."
    )
    assert rules("follow-up", good) == set()
    assert rules("follow-up", "Hi Ada, just following up on my last email.") == {
        "restates-ask",
        "easy-out",
    }
    for pressure in (
        "I haven't heard back from you.",
        "As I said, a quick call would help.",
        "You must be busy, but a quick chat would help.",
        "Per my last email, could we have a chat?",
        "I'm following up again on my request for a quick call.",
        "I would appreciate a quick reply about a 20-minute call.",
    ):
        assert "guilt" in rules("follow-up", f"Hi Ada, {pressure} No worries if not."), pressure


@pytest.mark.parametrize(
    "pressure",
    [
        "Did you get my email from last week about a short call?",
        "Have you seen my earlier note about a quick chat?",
        "Did my message about a 15-minute call reach you?",
        "I've messaged you three times now about a quick call.",
        "This is my third note asking for a short chat.",
        "I'm not sure my e-mails are reaching you; could we have a quick call?",
        "Did you have a chance to look at my note about a short call?",
        "I'd appreciate hearing back about a quick chat.",
        "I'd expected a reply by now to my note about a short call.",
        "I was hoping to hear from you by now about a quick chat.",
    ],
)
def test_asking_whether_they_got_it_or_counting_messages_is_pressure(pressure):
    assert "guilt" in rules("follow-up", f"Hi Ada, {pressure} No worries if not.")


@pytest.mark.parametrize(
    "neutral",
    [
        "In case my note got buried: would a quick call next week work?",
        "Bringing this back to the top of your inbox in case it slipped: a quick chat, maybe?",
        "Did you get a chance to enjoy the conference? If you have time, a quick call?",
        "I sent my questions by e-mail so they're easy to skim; would a quick chat help?",
        "I'm writing again about my request for a short call on your move into UX.",
    ],
)
def test_a_neutral_nudge_is_not_pressure(neutral):
    assert "guilt" not in rules("follow-up", f"Hi Ada, {neutral} No worries if not.")


@pytest.mark.parametrize(
    "easy",
    [
        "No need to reply if now isn't a good time for a 20-minute call.",
        "You don't have to reply; I just wanted to resend my note about a short call.",
        "If I don't hear back, I'll assume the timing isn't right for a call.",
        "No reply needed if you're swamped; a short call can wait.",
        "If you're too busy for a call right now, two lines by e-mail would do.",
        "If it's not too much to ask, could we do 15 minutes on your move into UX?",
        "Sorry for my silence after your kind note; I'd still love a 20-minute chat.",
        "Since it's been a busy month for you, I'm happy to wait for a short call.",
        "In case my note about a short call got buried, here it is again.",
        "Sorry I didn't answer your question sooner; a 20-minute call still suits me.",
        "Feel free to ignore this until January; a short call would still be great.",
        "I'm happy to wait to hear until things calm down; a 20-minute call whenever suits.",
        "I don't expect a reply if you're busy; a short call would be lovely whenever.",
        "I know it's been three weeks since my note about a short call, so here it is again.",
        "I was surprised to learn your team moved to dbt; could we have a 20-minute call?",
        "It would have been nice to meet at the conference, so I'd still love a short call.",
        "Even a quick no is completely fine, so please don't worry about a 20-minute call.",
        "Sorry to chase you about the 20-minute call on your move into UX.",
        "I know you've seen a lot of notes like this, so here is mine: a 20-minute call?",
        "I've been trying to learn SQL since September, so a 20-minute call would help a lot.",
        "It's so hard to get started in UX, so a 20-minute call would mean a lot to me.",
        "I'm still here in Leeds until March, so a coffee would be easy to arrange.",
    ],
)
def test_a_missing_reply_said_as_an_easy_out_is_not_pressure(easy):
    assert "guilt" not in rules("follow-up", f"Hi Ada, {easy} No worries if not.")


@pytest.mark.parametrize(
    "pressure",
    [
        "I keep getting no response about the 20-minute call.",
        "I was surprised not to hear back about a short call.",
        "It's been three weeks now with nothing from you about a short call.",
        "A reply about the 15-minute call would mean a lot.",
        "I'd hoped you would do me the courtesy of a reply about a short call.",
        "Surely a 15-minute call isn't too much to ask?",
        "It only takes a minute to reply about the 20-minute call.",
        "Did you even open my last email about a short call?",
        "I guess you're too busy for people starting out, but could we have a short call?",
    ],
)
def test_pressure_in_other_words_is_pressure(pressure):
    assert "guilt" in rules("follow-up", f"Hi Ada, {pressure} No worries if not.")


@pytest.mark.parametrize(
    "text",
    [
        "Hi Ada, Congrats on being named head of recruiting! I hope the new role is treating "
        "you well.",
        "Hi Ada, I started at Fernway last week and could start tomorrow on the reading list "
        "you sent.",
        "Hi Ada, If you're ever short of ideas for your newsletter, I'd be glad to send a few "
        "links.",
        "Hi Ada, Your talk opened doors for me: I joined the open-source group you mentioned.",
        "Hi Ada, If your team runs another hackathon, count me in!",
        "Hi Ada, I'm happy to share my portfolio with your team if it's useful as an example "
        "for your workshop.",
        "Hi Ada, Is your team planning to grow the open-source library this year? I loved the "
        "last release.",
        "Hi Ada, I'm between contracts at the moment, which has given me time to read the book "
        "you recommended.",
        "Hi Ada, Your team's launch was top of mind for me at the conference; congratulations!",
    ],
)
def test_their_role_and_my_own_news_are_no_job_ask(text):
    assert "asks-for-job" not in rules("keep-in-touch", text)


@pytest.mark.parametrize(
    "middle",
    [
        "If you have room in your diary next week, I'd love to hear about your move.",
        "I know your team is adding people to the platform group; how do you onboard them?",
        "Someone who's taken on a big migration like yours would know what I'm missing.",
        "How did you get on your manager's radar for the lead role?",
        "I'd love to hear how you decided what to take on when the team doubled.",
    ],
)
def test_their_team_growing_is_no_job_ask_in_a_first_message(middle):
    assert "asks-for-job" not in rules("outreach", outreach(middle))


def test_a_smaller_alternative_is_an_easy_out():
    text = (
        "Hi Ada, following up on my note about a 20-minute call on your move into UX. If a "
        "meeting is hard to fit in this month, two lines by e-mail would help just as much."
    )
    assert "easy-out" not in rules("follow-up", text)


def test_a_follow_up_is_short():
    long = "Hi Ada, a quick chat? No worries if not. " + "word " * 100
    assert "length" in rules("follow-up", long)


# ------------------------------------------------------------------------- confirm


@pytest.mark.parametrize(
    "text",
    [
        "Confirming Tuesday 1 December, 12.30 at Joe's.",
        "See you on Monday the 30th at half past five.",
        "Looking forward to tomorrow! Just confirming 12:30pm at Joe's Coffee.",
    ],
)
def test_a_time_written_any_way_confirms_it(text):
    assert "confirms-time" not in rules("confirm", f"Hi Ada, thanks! {text}")


def test_confirm_restates_day_and_time():
    assert rules("confirm", "Hi Ada, thanks! See you tomorrow at 3pm at Blue Bottle.") == set()
    assert rules("confirm", "Hi Ada, thanks! Confirming our chat, see you tomorrow.") == {
        "confirms-time"
    }
    assert rules("confirm", "Hi Ada, see you Tuesday, Dec 1 at 12:30 ET.") == {"thanks"}


# ------------------------------------------------------------------- intro-request


INTRO = (
    "Hi Ada, thanks again for the chat. Could you introduce me to {who}? {why} No worries if "
    "it's not a good moment. Here's a short note you could forward: \"Sam is a bootcamp "
    'graduate moving into data engineering."'
)


def test_an_introduction_request_names_the_person_and_says_why():
    why = "Her move from QA into data engineering is the path I'm weighing."
    assert rules("intro-request", INTRO.format(who="Grace Kim on your data team", why=why)) == set()
    anyone = rules("intro-request", INTRO.format(who="anyone on your data team", why=why))
    assert anyone == {"names-person"}
    assert "why-them" in rules("intro-request", INTRO.format(who="Grace Kim", why=""))


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Could you introduce me to your colleague Priya Shah?", True),
        ("Would you connect me with Dr. Lee?", True),
        ("Could you put me in touch with María José Pérez?", True),
        ("Could you introduce me to someone on the Data Platform team?", False),
        ("Could you introduce me to anyone at Google or Meta?", False),
    ],
)
def test_a_person_is_named_by_their_name(text, named):
    assert ("names-person" not in rules("intro-request", f"Hi Ada, {text}")) is named


def test_an_introduction_to_get_hired_is_a_job_ask():
    text = INTRO.format(who="your hiring manager, Anna Berg, so I can get an interview", why="")
    assert "asks-for-job" in rules("intro-request", text)


@pytest.mark.parametrize(
    "reason",
    [
        # what they would talk about
        "Could you introduce me to Grace Kim, who might talk with me about hiring for "
        "accessibility?",
        # what the introduction is for
        "Could you introduce me to Grace Kim so I could ask how search teams test rankings?",
        "Could you introduce me to Grace Kim, so that she can tell me whether the course is "
        "worth it?",
    ],
)
def test_a_topic_or_a_purpose_is_a_reason_for_them(reason):
    assert "why-them" not in rules("intro-request", f"Hi Ada, {reason} No worries if not.")


def test_talking_about_nothing_in_particular_is_no_reason():
    text = "Hi Ada, could you introduce me to Grace Kim? I'd love to talk about it. No worries."
    assert "why-them" in rules("intro-request", text)


def test_intro_request_easy_out_and_forwardable():
    bare = "Hi Ada, could you introduce me to Grace Kim? Her work on search is what I do."
    assert {"easy-out", "forwardable"} <= rules("intro-request", bare)


# --------------------------------------------------------------------- report-back


def test_report_back_says_what_came_of_the_advice():
    did = (
        "Hi Ada, I rewrote my portfolio around two case studies, as you suggested, and a "
        "recruiter called back last week. Thanks again!"
    )
    assert rules("report-back", did) == set()
    vague = "Hi Ada, just wanted to say your advice was great. Thanks again!"
    assert rules("report-back", vague) == {"reports-outcome"}
    unrelated = "Hi Ada, I moved apartments and started a new contract. Thanks for the coffee!"
    assert "reports-outcome" in rules("report-back", unrelated)


@pytest.mark.parametrize(
    "text",
    [
        # thanked for an act of advice, then what was done with it
        "Hi Ada, thank you for telling me about the Figma study group. I joined in "
        "November and have shipped two redesigns with its feedback since.",
        "Hi Ada, thanks so much for pointing me to the city's open data portal. I built a "
        "small dashboard of bike-lane use from it and shared it at my meetup.",
        "Hi Ada, I'm grateful for you recommending the SQL katas. I worked through all "
        "forty, and my take-home test last week felt easy.",
        "Hi Ada, you once told me to teach what I learn. I gave a lunch talk on dbt at "
        "work, and two teams now want help setting it up.",
    ],
)
def test_an_outcome_after_thanks_for_a_lead_is_a_report(text):
    assert "reports-outcome" not in rules("report-back", text)


@pytest.mark.parametrize(
    "text",
    [
        # the lead is named, but nothing was done with it
        "Hi Ada, thank you for telling me about the Figma study group. I hope to look "
        "into it after the holidays.",
        # things were done, but nothing ties them to the contact's advice
        "Hi Ada, thanks for the coffee in October. I painted my flat and visited my "
        "sister in Leeds.",
        "Hi Ada, thanks for the lovely call last month. I moved teams and bought a bike.",
        "Hi Ada, thanks again for your advice. I'm still thinking it over and planning my "
        "next steps.",
        # the lead is thanked for, and the action is negated
        "Hi Ada, thanks for recommending the course. I haven't started it yet.",
        # the advice did something, the sender did nothing
        "Hi Ada, your advice was brilliant. It has really changed how I see my search.",
        "Hi Ada, thanks again for the tip about portfolios; it truly inspired me.",
    ],
)
def test_a_lead_without_what_came_of_it_is_not_a_report(text):
    assert "reports-outcome" in rules("report-back", text)


@pytest.mark.parametrize(
    "text",
    [
        "Hi Ada, you were right about cold applications: I stopped sending them and got two "
        "interviews through meetups instead.",
        "Hi Ada, following our call, I rewrote my LinkedIn headline and three recruiters "
        "have written since.",
        "Hi Ada, thanks again for the pointer about user groups. I went to the Rust one "
        "on Monday and met two maintainers.",
        "Hi Ada, I kept rehearsing the pitch we sketched together, and the panel on Friday "
        "went smoothly.",
        "Hi Ada, thank you for the list of design newsletters. I subscribed to four and "
        "pitched a piece to one of them, which they accepted.",
        "Hi Ada, thanks to your intro, Sam and I are pairing on Fridays; he's teaching me "
        "Terraform.",
        "Hi Ada, following up on our call: I emailed the two studios you named, and one "
        "invited me to a portfolio review.",
        "Hi Ada, some news: I got the junior role you helped me prepare for!",
    ],
)
def test_other_ways_of_tying_the_report_to_them(text):
    assert "reports-outcome" not in rules("report-back", text)


def test_keeping_a_lead_for_later_is_not_doing_it():
    text = "Hi Ada, thanks for recommending the podcast. I've saved it for my next long trip."
    assert "reports-outcome" in rules("report-back", text)


@pytest.mark.parametrize(
    "news",
    [
        "One of the meetups turned into a referral for a contract role that starts in May.",
        "Dana kindly passed my CV to her manager last week, and I have an interview Friday.",
        "The analyst position I applied for was filled internally, which was disappointing.",
    ],
)
def test_news_of_a_referral_or_a_role_is_not_a_job_ask(news):
    text = f"Hi Ada, thank you for suggesting the meetups. I went to three. {news} Thanks!"
    assert "asks-for-job" not in rules("report-back", text)


def test_a_report_with_a_job_ask_is_a_job_ask_not_a_missing_outcome():
    text = (
        "Hi Ada, thank you for suggesting the accessibility audit course. I finished it "
        "and audited my own app. Could you refer me for the open QA role on your team?"
    )
    assert rules("report-back", text) & {"asks-for-job", "reports-outcome"} == {"asks-for-job"}


# ------------------------------------------------------------------- keep-in-touch


def test_keep_in_touch_is_personal():
    assert rules("keep-in-touch", "Hi Ada, hope you're well, happy holidays!") == {"personal-touch"}
    personal = "Hi Ada, I saw your team's launch on Tuesday. Congratulations!"
    assert rules("keep-in-touch", personal) == set()


# ------------------------------------------------------------------------- spans


def test_every_quote_is_the_text_at_its_span():
    text = (
        "\r\n  Hi Ada,\r\n\r\nI'm reaching out. Could you put a good word in for me?\r\n"
        "I've attached my CV.\r\n\r\nBest,\r\nSam"
    )
    findings = found("outreach", text)
    spans = {f.rule: f.span for f in findings}
    assert text[slice(*spans["asks-for-job"])] == "put a good word"
    assert text[slice(*spans["attachment"])] == "attached"
    assert spans["meeting-length"] is None


def test_every_rule_has_a_severity_in_the_table():
    for (kind, rule), severity in RULES.items():
        assert severity in ("error", "warning"), (kind, rule)


PIECES = [
    "Hi Ada,\n\n", "We met at PyData. ", "Are you hiring? ", "I attached my CV. ",
    "Could you refer me? ", "Thanks! ", "Tue Dec 1 at 12:00, ", "Wed at 9am ",
    "I'm away on Monday. ", "\r\n", "P.S. Could we chat for 20 minutes? ", "\n\nBest,\nSam\n",
    "Your advice on SQL helped. ", "I haven't heard back. ", "  ", "“quoted” ",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from([*KINDS, "second-contact", "reschedule"]),
    parts=st.lists(st.sampled_from(PIECES), max_size=14),
)
def test_every_span_is_inside_the_text_and_holds_the_quoted_words(kind, parts):
    text = "".join(parts)
    for f in check_message(kind, text, now=NOW, zone=NY).findings:
        if f.span is None:
            continue
        start, end = f.span
        assert 0 <= start < end <= len(text)
        if "\r" not in text and "“" not in text:
            assert text[start:end] == f.quotes[0]


# ---------------------------------------------- messages written in many ways

GOOD_MESSAGES = [
    (
        "thank-you",
        (
            "Hi Ada, thank you for Tuesday's coffee. I hadn't realised how much of "
            "data engineering is negotiating schemas with other teams. I'm going "
            "to read Designing Data-Intensive Applications next."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, many thanks for the chat. Your suggestion to volunteer for "
            "the data team's on-call rotation is one I'd never have thought of. "
            "I'll ask my manager about it Monday."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks for making time yesterday. Two things stuck: start "
            "with SQL before Spark, and keep a log of what I learn. I started the "
            "log this morning."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you so much for the call. It was reassuring to hear "
            "that you also came from a non-CS background and learned on the job. "
            "I'll sign up for the dbt course you mentioned."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks again for your time today. I loved your idea of "
            "building a small end-to-end project with public transit data. I'll "
            "start on it this weekend."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for meeting with me! I've already ordered the "
            "O'Reilly book on streaming, and I'll reach out to Marco as you "
            "suggested."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks for the coffee! Your story about debugging the billing "
            "pipeline at 3am made me laugh, and the lesson about alerting stuck. "
            "I'll set up alerts on my side project this week."
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, a quick update: after our chat I contacted Marco, and we "
            "spoke on Monday. He's offered to review my portfolio. Thanks again "
            "for the introduction!"
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, I wanted to let you know I applied your advice and trimmed my "
            "résumé to one page. I've had three interviews since. Thank you!"
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, you told me to focus on one language, so I dropped Go and "
            "doubled down on Python. I just finished my first Airflow DAG. Thanks!"
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, thought you'd like to know: the portfolio rewrite you "
            "suggested worked. A recruiter from Stripe reached out last week."
        ),
    ),
    (
        "follow-up",
        (
            "Hi Ada, I wanted to float my earlier note back up: would you be open "
            "to a short call about your switch into data engineering? If now's not "
            "a good time, no problem at all."
        ),
    ),
    (
        "follow-up",
        (
            "Hi Ada, following up on my message from last week about grabbing a "
            "coffee. I know December is hectic, so feel free to say no!"
        ),
    ),
    (
        "follow-up",
        (
            "Hi Ada, just a gentle nudge on my note about a 20-minute chat. Happy "
            "to wait until the new year if that's easier."
        ),
    ),
    (
        "confirm",
        (
            "Hi Ada, looking forward to tomorrow! Just confirming 12:30pm at Joe's "
            "Coffee on 5th Ave. Here's my number in case anything changes: 212 555 "
            "0142."
        ),
    ),
    (
        "confirm",
        (
            "Hi Ada, confirming our call on Monday, November 30 at 5:30 pm ET. "
            "I'll send a Zoom link. Thanks!"
        ),
    ),
    (
        "confirm",
        (
            "Hi Ada, a quick reminder that we're meeting Wednesday at noon at your "
            "office. Thank you again!"
        ),
    ),
    (
        "intro-request",
        (
            "Hi Ada, thanks again for your help. You mentioned Marco Rossi runs "
            "the analytics guild; would you be comfortable introducing us? I'd "
            "love to ask how he built it. I can send a short blurb if that helps."
        ),
    ),
    (
        "intro-request",
        (
            "Hi Ada, would you be willing to connect me with Dr. Priya Shah? Her "
            "research on fairness is exactly what I'm studying. No pressure at "
            "all. Here's a note you could forward: ..."
        ),
    ),
    (
        "intro-request",
        (
            "Hi Ada, could you put me in touch with Jamal from your platform team? "
            "He moved from support into engineering, the same jump I'm trying to "
            "make. Only if you feel comfortable! I've pasted a two-line intro "
            "below."
        ),
    ),
    (
        "outreach",
        (
            "Hi Ada,\n\nLoved your talk at PyData on testing pipelines. I'm a data "
            "analyst hoping to move into engineering. Could I buy you a coffee and "
            "ask a few questions about how you made the switch? 20 minutes would "
            "be plenty.\n\nSam"
        ),
    ),
    (
        "outreach",
        (
            "Hello Ms. Lopez,\n\nProfessor Kim suggested I contact you. I'm a senior "
            "at Rutgers interested in public health data. Would you be willing to "
            "spend 20 minutes on a call sharing how you got into "
            "epidemiology?\n\nThank you,\nSam"
        ),
    ),
    (
        "outreach",
        (
            "Hi Ada, fellow Wildcat here (class of '19)! I'm exploring data "
            "engineering and saw you're at Acme. Any chance you'd have 15 minutes "
            "to chat next week?"
        ),
    ),
    (
        "outreach",
        (
            "Hi Ada,\n\nWe met briefly at the Women in Data breakfast last Thursday. "
            "I'm changing careers from teaching into analytics and your path from "
            "nonprofit to tech stood out. Would a 20-minute call sometime in the "
            "next two weeks work for you?\n\nThanks,\nSam"
        ),
    ),
    (
        "scheduling",
        (
            "Hi Ada,\n\nThank you for saying yes! Here are some times (all "
            "Eastern):\n- Tue Dec 1, 12:00-12:30\n- Wed Dec 2, 5:30-6:00pm\n- Fri Dec "
            "4, any time\nWhich works best? If none fit, I'm happy to work around "
            "you, and I can come to your office or do a call. Looking forward to "
            "it!\n\nSam"
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for the call. The way you described your team's "
            "on-call rotation made the job feel real to me. I'll ask about on-call "
            "in my next interview."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks for your time today. You were right that my portfolio "
            "buries the lead; I'm moving the capstone up front tonight."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you! I especially appreciated hearing about the hiring "
            "freeze and what it means for juniors. I'll focus on contract roles "
            "for now."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks for the coffee. Your framing of data engineering as "
            "plumbing for analysts finally made it click. I'm signing up for the "
            "Zoomcamp."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for speaking with me. I've taken your "
            "recommendation and booked the AWS exam for January."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks so much for yesterday! Knowing that Acme trains new "
            "analysts on the job took a weight off. I'll apply to the "
            "apprenticeship this week."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for the great conversation about moving from "
            "teaching into UX. Your tip to frame lesson planning as user research "
            "is gold. I'll rewrite my summary tonight."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, many thanks for your time. The three companies you listed "
            "(Northwind, Tidewater and Verda) are now on my target list, and I'll "
            "reach out to each this month."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for meeting me. I'd never considered analytics "
            "engineering until you described it. I'll read the dbt docs this week."
        ),
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks for the chat on Tuesday. I took notes on your advice "
            "to pair every project with a short write-up, and I'll start with my "
            "transit dashboard."
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, a quick update since our coffee: Marco and I finally spoke "
            "last week, and he's invited me to shadow his team for a day. Thank "
            "you for connecting us!"
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, following your advice, my portfolio now leads with one case "
            "study instead of five. The response rate on applications has doubled."
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, I wanted to report back: I've been doing the daily SQL "
            "practice you recommended and can now write window functions without "
            "looking them up. Thanks!"
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, good news! After reworking my résumé along the lines you "
            "suggested, I have a final-round interview at Verda on Friday."
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, two weeks on from our chat: I joined the dbt Slack like you "
            "said and got my first PR merged into an open-source package. Thanks "
            "for the push!"
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, your tip about contract work paid off: I start a three-month "
            "contract with Northwind on Monday. Thank you!"
        ),
    ),
    (
        "report-back",
        (
            "Hi Ada, I took the AWS course you mentioned and passed the exam "
            "yesterday. Thanks so much for pointing me to it."
        ),
    ),
]


@pytest.mark.parametrize(("kind", "text"), GOOD_MESSAGES)
def test_a_good_message_of_any_kind_has_no_error(kind, text):
    errors = [f.rule for f in found(kind, text) if f.severity == "error"]
    assert errors == []


BAD_MESSAGES = [
    (
        "thank-you",
        (
            "Hi Ada, thank you for our chat. Everything you said stuck with me. "
            "I'll keep you posted."
        ),
        "specific-takeaway",
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks so much for your time and advice yesterday, it was "
            "incredibly helpful and I really appreciate it. Hope to stay in touch!"
        ),
        "specific-takeaway",
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for speaking with me. I gained so much valuable "
            "insight into the industry. Have a great week!"
        ),
        "specific-takeaway",
    ),
    (
        "thank-you",
        (
            "Hi Ada, I really enjoyed our conversation and learned a ton about "
            "your company. Thanks again for sharing your experience with me."
        ),
        "specific-takeaway",
    ),
    (
        "thank-you",
        (
            "Hi Ada, it was wonderful to hear about your career path. Thanks for "
            "everything you shared!"
        ),
        "specific-takeaway",
    ),
    (
        "report-back",
        (
            "Hi Ada, hope you're doing well! I've been thinking a lot about our "
            "conversation. Thanks again for all your help."
        ),
        "reports-outcome",
    ),
    (
        "report-back",
        (
            "Hi Ada, just a quick note to say thanks again for your advice last "
            "month. Things are moving along. Talk soon!"
        ),
        "reports-outcome",
    ),
    (
        "report-back",
        ("Hi Ada, I'm still working through your suggestions and hope to have news soon. Thanks!"),
        "reports-outcome",
    ),
    (
        "follow-up",
        ("Hi Ada, did you get a chance to read my last email?"),
        "restates-ask",
    ),
    (
        "follow-up",
        ("Hi Ada, I'm writing again because I didn't get a response to my request for a call."),
        "guilt",
    ),
    (
        "follow-up",
        ("Hi Ada, this is my third email. I'd really appreciate a response about a short call."),
        "guilt",
    ),
    (
        "follow-up",
        ("Hi Ada, I'm sure you're busy, but it would only take 10 minutes of your time to chat."),
        "guilt",
    ),
    (
        "follow-up",
        ("Hi Ada, just checking in!"),
        "restates-ask",
    ),
    (
        "confirm",
        ("Hi Ada, just confirming our meeting. See you then!"),
        "confirms-time",
    ),
    (
        "confirm",
        ("Hi Ada, looking forward to our coffee tomorrow! Thanks."),
        "confirms-time",
    ),
    (
        "intro-request",
        ("Hi Ada, do you know anyone in product I could talk to? Would love an intro."),
        "names-person",
    ),
    (
        "intro-request",
        ("Hi Ada, could you introduce me to a few people on your team? Thanks!"),
        "names-person",
    ),
    (
        "intro-request",
        ("Hi Ada, could you introduce me to the recruiter for the analyst role so I can apply?"),
        "asks-for-job",
    ),
    (
        "outreach",
        ("Hi Ada,\n\nWe met at PyData. I'm a data analyst and I'd love to stay connected!\n\nSam"),
        "no-ask",
    ),
    (
        "outreach",
        (
            "Hi Ada,\n\nWe met at PyData. I'm launching a consulting firm that helps "
            "teams migrate to Snowflake. Would you have 20 minutes to hear about "
            "our services?\n\nSam"
        ),
        "no-ask",
    ),
    (
        "outreach",
        ("Hi Ada,\n\nWe met at PyData. Let me know if you ever want to grab a coffee.\n\nSam"),
        "no-ask",
    ),
    (
        "keep-in-touch",
        (
            "Hi Ada, happy holidays! By the way, if your team ever needs a data "
            "analyst, I'd love to be considered."
        ),
        "asks-for-job",
    ),
    (
        "report-back",
        (
            "Hi Ada, I took your advice and rewrote my CV. Now that it's ready, "
            "could you forward it to your hiring manager?"
        ),
        "asks-for-job",
    ),
    (
        "follow-up",
        (
            "Hi Ada, circling back on my note about a quick call. Also, is your "
            "team hiring at the moment?"
        ),
        "asks-for-job",
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for your perspective on the industry. It was really "
            "valuable. Have a great weekend!"
        ),
        "specific-takeaway",
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you so much for taking the time to talk with me today. "
            "I appreciated your honesty and your advice. I look forward to staying "
            "in touch."
        ),
        "specific-takeaway",
    ),
    (
        "thank-you",
        (
            "Hi Ada, thanks for the wonderful conversation! I left feeling "
            "motivated and inspired. Hope to talk again soon."
        ),
        "specific-takeaway",
    ),
    (
        "thank-you",
        (
            "Hi Ada, thank you for a very informative chat. Your insights into the "
            "field were incredibly helpful and I'll definitely take them on board."
        ),
        "specific-takeaway",
    ),
    (
        "report-back",
        (
            "Hi Ada, hope all is well! Just wanted to check in and say thanks "
            "again for your help. I'll let you know how things go."
        ),
        "reports-outcome",
    ),
    (
        "report-back",
        (
            "Hi Ada, I keep coming back to our conversation. Your advice was so "
            "helpful and I plan to act on it soon. Thank you!"
        ),
        "reports-outcome",
    ),
    (
        "report-back",
        (
            "Hi Ada, thanks again for the chat last month. Work has been really "
            "busy, but I hope to get to your suggestions soon."
        ),
        "reports-outcome",
    ),
]


@pytest.mark.parametrize(("kind", "text", "rule"), BAD_MESSAGES)
def test_a_bad_message_of_any_kind_has_its_error(kind, text, rule):
    errors = [f.rule for f in found(kind, text) if f.severity == "error"]
    assert rule in errors


def test_a_day_ruled_out_before_so_leaves_the_options_after_it():
    text = (
        "Hi Ada,\n\nThank you for agreeing to chat! I'm travelling Monday, so could we try "
        "Tuesday at 9am, Wednesday at 2pm or Friday at 4pm? Which suits you? I can come to "
        "you or call, and I'm happy to find another time. Looking forward to it!\n\nBest,\nSam"
    )
    assert "three-options" not in rules("scheduling", text)


# ---------------------------------------------------------------------- attachment


@pytest.mark.parametrize(
    "sentence",
    [
        "I've included my CV in this email for context.",
        "I've added my résumé as a PDF.",
        "Please see attached.",
        "My cover letter is enclosed.",
    ],
)
def test_a_document_sent_with_the_message_is_an_attachment(sentence):
    assert "attachment" in rules("outreach", outreach(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm very attached to hands-on work, so your path interests me.",
        "Your post on the research unit attached to the hospital caught my eye.",
        "My portfolio is online at example.org if it helps.",
        "I've included a link to my portfolio site below.",
        "I haven't attached anything, to keep this short.",
        "I have not enclosed my CV; this is only about advice.",
    ],
)
def test_being_attached_to_something_or_a_link_is_no_attachment(sentence):
    assert "attachment" not in rules("outreach", outreach(sentence))


@pytest.mark.parametrize("name", ["Siobhan O'Neill", "O'Neill", "Rory McAvoy", "Ana D'Souza"])
def test_names_with_prefixes_are_names(name):
    text = f"Hi Ada, could you introduce me to {name} on your team? No worries if not."
    assert "names-person" not in rules("intro-request", text)


def test_the_same_group_with_a_long_name_is_a_connection():
    text = outreach("", "").replace(
        "We met at PyData on Tuesday, where you spoke about your team's pipelines. ",
        "I'm in the same Women in Data Science chapter as you. ",
    )
    text = text.replace("\n\nBest", " Would you have 20 minutes for a call?\n\nBest")
    assert "connection-first" not in rules("outreach", text)


def test_a_person_described_as_hiring_is_not_a_job_ask():
    text = (
        "Hi Ada, could you introduce me to Grace Kim, who hires for your platform team? I'd "
        "love to hear how she grew it. No worries if not."
    )
    assert "asks-for-job" not in rules("intro-request", text)
    hiring_now = "Hi Ada, could you introduce me to someone who is hiring? No worries if not."
    assert "asks-for-job" in rules("outreach", hiring_now)


@pytest.mark.parametrize(
    "text",
    [
        "Hi Ada, see you Thursday at ten at the café. Thanks!",
        "Hi Ada, confirming tomorrow at eleven thirty. Thanks!",
    ],
)
def test_an_hour_in_words_is_a_time(text):
    assert "confirms-time" not in rules("confirm", text)


def test_at_one_point_is_no_time():
    text = "Hi Ada, see you tomorrow! At one point I'd love to hear about your team. Thanks!"
    assert "confirms-time" in rules("confirm", text)


@pytest.mark.parametrize(
    "text",
    [
        "My train gets in at 9:40 tomorrow, so I'll walk over from the station.",
        "I have a class until 2pm tomorrow, but I'll come straight after.",
        "Thanks for moving our coffee from Tuesday at 3. Thursday it is!",
        "Instead of Tuesday at 4, see you on Thursday.",
    ],
)
def test_a_time_that_is_not_the_meetings_does_not_confirm_it(text):
    assert "confirms-time" in rules("confirm", f"Hi Ada, thanks! {text}")


def test_the_meetings_time_beside_another_time_confirms_it():
    text = "Hi Ada, thanks! Confirming Tuesday at 2pm. My train gets in at 1:15."
    assert "confirms-time" not in rules("confirm", text)
