"""``asks-for-job``: asking the contact to act for you at work, however it is worded.

Patterns run over the lemmas of each sentence (so "referring", "referred" and "refer"
are one word, and "me" is "i"), with room for the words people put in between ("put a
good word in", "put in a good word for me"). A negated ask ("I'm not asking for a
referral") does not count, and neither does saying your own goal ("I'm moving into
data engineering") or asking how their hiring works.

Beyond the phrases, four intents count however they are worded: (1) the sender offers
themselves for work, or says they are free for it, and hopes the contact will think of
them or pass work on (``_offers_self``); (2) a question whether the contact's
organisation or circle takes on, needs or hires people like the sender (``_INTENTS``);
(3) asking the contact to be a reference or referee (``_INTENTS``,
``_names_you_as_referee``); (4) an introduction sought in order to be hired
(``_intro_to_be_hired``, ``_intro_for_a_way_in``). A favour, volunteering, a place in a
class and a recruiter met to hear about the work are not job asks.
"""

from __future__ import annotations

import re

from coffeechat.core.checker.base import (
    Finding,
    Message,
    Sentence,
    Token,
    finding,
    lemma_matches,
    lemma_patterns,
    negated,
)

_W = r"(?:[\w'-]+ )"  # one word (lemma) and its space
#: A one-off favour someone is needed for ("someone to taste-test the menu"), not work.
_FAVOURS = (
    r"test|taste|try|sample|host|speak|talk|judge|read|review|chat|join|look|share|give|demo"
    r"|present|proofread|water|feed|carry|lift|make up"
)

#: A person one could be taken on as (lemma text): a worker noun ("designer", "locum",
#: "another pair of hands", "a junior"), not a guest, a buyer or a member.
_PERSON = (
    r"(?:pair of hand|hand|help|cover|junior|graduate|intern|trainee|apprentice|temp|locum"
    r"|analyst|tutor|coach|cook|medic|vet|baker|coder|maker|guide|cleaner|carer|actor|mover|sitter"
    r"|rigger|fitter|welder|barber|potter|tiler|roofer|miner|joiner|caterer|player|dancer"
    r"|casual|freelancer|contractor|assistant|deckhand|commis|crew|staff|clerk|spark|chef|nurse"
    r"|(?!(?:speaker|volunteer|mentor|partner|sponsor|donor|member|buyer|seller|owner|tenant"
    r"|lodger|customer|reader|listener|viewer|follower|subscriber|answer|order|number|letter"
    r"|paper|water|dinner|computer|printer|charger|flatmate|roommate|guest|participant"
    r"|student|patient|winner|founder|user|supporter|organiser|organizer|moderator|judge"
    r"|panellist|panelist|host|investor|author|co-author|ambassador|visitor|vendor|supplier"
    r"|tester|other|another|either|neither|whether|together|rather|later|better|further"
    r"|summer|winter|quarter|chapter|corner|center|matter|manner|banner|border|corridor|error"
    r"|honor|favor|labor|mirror|interior|exterior|superior|prior|major|minor|never|ever|over"
    r"|under|after|however|whatever|whoever|forever|important|want|restaurant|plant|giant"
    r"|relevant|grant|pleasant|vacant|list|exist|assist|resist|insist|checklist|playlist"
    r"|shortlist|wishlist|median|newsletter|idea|theater|theatre|poster|sticker|flyer|folder"
    r"|binder|calendar|timer|counter|filter|marker|cover letter|register|barrier"
    r"|disaster|character|meter|litre|liter|centre|monitor|sensor|motor|factor|sector|indicator"
    r"|calculator|generator|elevator|radiator|simulator|processor|tractor|trailer|container"
    r"|printer|speaker|recorder|player(?= of))s?\b)"
    r"[a-z]{4,}(?:er|or|ist|ian|ant)s?\b(?! with\b)|(?:someone|somebody)\b(?! to (?:"
    + _FAVOURS
    + r")\b))"
)
#: Asks that are a job or referral ask whatever else the sentence says.
_OUTRIGHT = lemma_patterns(
    # refer / recommend / vouch for me (not "Dana referred me to you": see _past)
    r"\b(?:refer|recommend|endorse|vouch for|sponsor|nominate|champion|back) (?:i|my (?:name"
    r"|profile|application|candidacy))\b",
    r"\b(?:a|any|your) (?:internal |employee )?referral\b",
    r"\breferral (?:for|to|into|at)\b",
    r"\bput " + _W + r"{0,3}(?:good|kind) word\b",
    r"\b(?:good|kind) word (?:in )?(?:for i|with)\b",
    r"\bput " + _W + r"{0,2}word in\b",
    # pass my CV along / forward my résumé to the hiring manager
    r"\b(?:pass|forward|send|share|hand|give|submit|circulate|flag) (?:along |on )?my"
    r" "
    + _W
    + r"{0,2}(?:resume|résumé|cv|application|portfolio|name|profile|detail|contact detail)\b",
    r"\b(?:resume|résumé|cv|application|name) (?:along|on|over)? ?(?:to|with) (?:your |the )?"
    + _W
    + r"{0,2}(?:manager|recruiter|recruiting|hr|hire|talent|boss|lead|team)\b",
    # speak to your manager on my behalf / for me
    r"\bon my behalf\b",
    r"\b(?:speak|talk|mention|say|reach out|chat|word|tell) "
    + _W
    + r"{0,4}(?:manager|boss|recruiter|hr"
    r"|director|lead|head) " + _W + r"{0,3}(?:for|about) (?:i|my)\b",
    r"\b(?:mention|drop|pass|give|say|float) (?:i|my name) (?:along |on )?(?:to|with)\b",
    # a lead on a job, a team growing, people taken on, who is recruiting
    r"\blead (?:on|for|about) (?:\S+ ){0,2}(?:job|role|opening|position|vacancy)\b",
    r"\bif (?:your|the) (?:\S+ ){0,2}(?:team|company|group|department|firm|lab|studio|org"
    r"|organisation|organization|practice) (?:\S+ ){0,2}(?:grow|expand|scale|hire|add|take on"
    r"|recruit)\b",
    r"\b(?:take|bring) on (?:\S+ ){0,2}(?:intern|junior|graduate|apprentice|trainee|staff|people"
    r"|new hire|hire|freelancer|contractor|designer|developer|engineer|analyst|writer)\b",
    r"\b(?:take|bring) i on\b",
    # room on the team: "any chance there's room for a junior developer in your group"
    # (not "room for a big drawing table")
    r"\b(?:room|space|a place|a spot|headcount|budget|capacity) for (?:someone like i|i\b|(?:a|an"
    r"|another|one more|someone|somebody|more) (?!(?:\S+ ){0,2}(?:speaker|volunteer|mentor|guest"
    r"|panellist|panelist|host|member|sponsor)s?\b)(?:\S+ ){0,2}(?:junior|graduate|intern|trainee"
    r"|apprentice|hire|person|people|[a-z]{3,}(?:er|or|ist|ian|ant)s?)\b|someone\b)",
    r"\b(?:anything|something|a place|a spot|room) (?:on|in|at) your (?:\S+ )?(?:team|group"
    r"|department|company|firm|lab|studio)\b",
    # joining them, being of use, an interview, an inside contact, a screen got past
    r"\b(?:love|like|want|hope|keen|eager|glad|happy|chance|opportunity) to (?:\S+ )?join (?:(?:you"
    r"|they|them)\b(?! (?:all |both |guys |again )?(?:for|at|on|in|over|again)\b)(?! (?:all|both"
    r"|guys)\b)|(?:your|the) (?:\S+ )?(?:team|company|firm|group|lab"
    r"|department|studio))",
    r"\b(?:love|like|want|hope|keen|eager) to (?:\S+ )?join (?:[\w-]+'s|his|her|their)"
    r" (?:\S+ )?(?:team|company|firm|studio|lab|group|department|practice|kitchen)\b",
    r"\b(?:use|need|want) (?:someone|somebody|a person|people) (?:like i|with my)\b",
    r"\b(?:chance|opportunity|able|love|like) to interview (?:with|at|for)\b",
    r"\b(?:internal|inside) (?:contact|referrer|champion|advocate|sponsor)\b",
    r"\b(?:mention|use|drop|give) your name (?:when|in|on|as)\b",
    r"\b(?:get|make it) (?:i )?(?:through|past) (?:the )?(?:\S+ )?(?:screen|screening|filter|ats"
    r"|first round)\b",
    r"\btake application\b",
    r"\bto (?:get|be) hire\b",
    r"\b(?:speak|stand|go to bat|advocate|put in a word|vouch) (?:up )?for i\b",
    r"\bbring i (?:in|on)\b|\btrial (?:week|day|shift|period|project|task|assignment)\b",
    # a team that could take me: "would your team be open to a junior like me", "if your
    # team has an opening", "if you find yourselves short-staffed"
    r"\bopen to (?:hire |take on |bring on )?(?:a|an|someone|people|candidate)s? (?:\S+ ){0,2}"
    r"(?:junior|graduate|intern|candidate|career changer|newcomer|like i)\b",
    r"\bopen to (?:hire |take on |bring on )?(?:someone|a person|people) with (?:a|an|my)\b",
    r"\bif (?:your|the|you) (?:\S+ ){0,3}(?:ever )?(?:have|get|find) (?:an |any |a )?(?:\S+ )?"
    r"(?:opening|vacancy|position|headcount)\b",
    r"\b(?:short ?- ?staff\w*|understaff\w*|short of (?:hand|people|staff)|stretched thin)\b"
    r".*\b(?:pitch in|help out|lend a hand|step in|fill in|cover for)\b",
    # for me to work there: "I'd love to work at Acme and hope you can help make that
    # happen", "help me land something at Acme", "with a view to joining"
    r"\b(?:love|like|want|hope|dream) to work (?:at|for|with|on)\b.*\bhelp\b",
    r"\bhelp (?:i )?(?:\S+ ){0,2}(?:land|get|find|secure) (?:something|anything|a foot|a way in"
    r"|in)\b",
    r"\bwith (?:a view|an eye|a eye) to (?:join|work|apply|be hire|(?:a|an|the) (?:\S+ ){0,2}"
    r"(?:position|role|job"
    r"|post|contract|placement|internship))",
    r"\b(?:tell|let|inform|remind|mention) (?:\S+ ){0,5}(?:that )?i(?:'m| be| am) (?:keen"
    r"|interested|available|apply|look|open to)\b",
    # announced to their team: "let them know I'm coming" (my application)
    r"\blet (?:they|them|your (?:\S+ )?team|the (?:\S+ )?team) know (?:that )?i(?:'m| be| am)"
    r" come\b",
    r"\b(?:tell|let|inform|remind) (?:\S+ ){1,5}(?:that )?(?:i'd|i would) (?:love|like|be keen"
    r"|be glad) to (?:work|join)\b",
    # ready to start, short a person, a door opening, applying through them, standing out in
    # their hiring: "would start tomorrow", "if you're ever short a designer", "if any doors
    # open at Acme", "just apply through you", "help me stand out in her team's hiring round"
    r"\b(?:could|can|would|'d|i'd) start (?:tomorrow|immediately|right away|straight away"
    r"|next week|on monday|monday|asap)\b",
    r"\b(?:if|when|whenever) (?:you're|you be|your (?:\S+ )?team be|they're|they be)"
    r" (?:ever |still )?short (?:of )?(?:a|an|one|someone|somebody|another) ",
    r"\b(?:if|should) (?:any |a )?(?:\S+ )?door (?:ever )?open\b",
    r"\bapply (?:through|via) you\b",
    r"\bstand out (?:in|for|to|among) (?:\S+ ){0,3}(?:hire|recruit|applicant|candidate"
    r"|shortlist)\b",
    # a request for when they hire: "show it to your lead when they're next hiring"
    r"\b(?:when|once|if|whenever) (?:they|you|they're|you're|your (?:\S+ ){1,2}|the team"
    r"|the company)"
    r"(?: be| are)? (?:next |ever |again |\S+ly )?hire\b(?! (?:process|manager))",
    # "a word from you would help", "be part of what you're building", "get involved
    # professionally"
    r"\ba (?:good |kind |quick )?word from you\b",
    r"\b(?:love|like|want|hope|keen|eager) to be (?:a )?part of (?:what|your(?! \S+'s\b)|the team"
    r"|the company)\b",
    r"\binvolved professionally\b|\bprofessionally involved\b",
    # a way in for me: "my foot in the door", "a way into your company", "someone who could
    # get me into an editing job", "be in the running" (not "get me in touch with")
    r"\bfoot in the door\b",
    r"\b(?:be|get|put i) in the (?:running|run)\b(?! -)",
    r"\b(?:a |any |my )?way (?:in|into) (?:at )?(?:your|her|his|their|the) (?:\S+ )?(?:company"
    r"|team|firm|org|organisation|organization|studio|group|lab|department|newsroom|agency"
    r"|office)\b",
    r"\b(?:get|bring|sneak|slip) i (?:in|into)\b(?! (?:touch|contact|the loop|a (?:call|chat"
    r"|conversation|meeting|room)|the (?:call|chat|event|meeting|room|session|class|course"
    r"|workshop|conference|conversation|talk|meetup)))",
    # placed on a team: "she might be able to slot me into her team" (not "fit me in on Tuesday")
    r"\b(?:slot|fit|squeeze|place|put|take) i (?:in|into|on) (?:your|her|his|their|the) (?:\S+ )?"
    r"(?:team|company|group|department|firm|studio|lab|org|roster|payroll|staff)\b",
    # pitching myself to the person introduced: "I'd love to make my case to him"
    r"\bmake my case to (?:him|he|her|them|they)\b",
    # when they start hiring: "let me know when Acme starts hiring juniors again" (not
    # "when did your team start hiring?")
    r"\b(?:when|once|whenever|as soon as|if) (?!do |have )(?:\S+ ){1,3}(?:start|begin|resume)"
    r" (?:to )?(?:hire|recruit)\b",
    # work given to me at their place: "any work at all at your studio"
    r"\b(?:any|some|paid|freelance|extra) (?:kind of |sort of |paid |pay |freelance |extra"
    r" |contract )?work (?:at all )?"
    r"(?:at|with|for|in|on) (?:your|their|her|his) (?:\S+ )?(?:team|company|studio|firm|lab"
    r"|group|department|agency|org)\b",
    # the shortlist, my name remembered: "I'm hoping he'll remember my name when the
    # analyst shortlist is drawn up"
    r"\b(?:on|onto|to|for) (?:the|a|their|your|his|her) (?:\S+ )?shortlist\b|\bshortlist be\b"
    r"|\bremember my name\b",
    # a team about to grow, and me in it: "is your team looking to grow this year?", "I'd
    # jump at the chance to be part of it"
    r"\bbe (?:you|your(?: [\w'-]+){1,2}|they|the(?: [\w'-]+){1,2}|[a-z][\w&.-]*)"
    r" (?:currently |still |now )?(?:look|plan|hope|aim|about) to (?:grow|expand|hire|add|scale"
    r"|recruit|take on)\b"
    r"(?! (?:the|a|an|its|their|your|our) (?!team|headcount|department|group)\w)",
    r"\b(?:jump|leap) at the (?:chance|opportunity) to (?:\S+ ){0,2}(?:join|be part|work|help)\b",
    # kept in mind by other words: "top of mind when her team opens its intake", "one of the
    # first people you call", "if you're building the team out", "an in at Acme", "would your
    # team interview me"
    r"\b(?:to be|keep i|stay) (?:top|front) of mind\b",
    r"\bfirst (?:people|person|one|name)s? (?:you )?(?:call|think of|ring|contact)\b",
    r"\bif you(?:'re| be) (?:build|grow|expand|scale)\w* (?:out )?(?:the|your|a) (?:\S+ )?team\b",
    r"\b(?:a|an|my|your|his|her) in (?:at|with)\b|\binterview i\b",
    # room on their team, people taken on: "I'd love to be on your radar if your team has
    # room", "if you're adding people", "anyone who's taking on SREs" (not "if you have room
    # in your diary")
    r"\b(?:be|get|stay|put i) on your radar\b",
    r"\bif (?:your|the) (?:\S+ )?(?:team|group|company|department|studio|firm|lab) (?:\S+ )?have"
    r" (?:room|space|headcount|budget|an opening|a spot|a place)\b",
    r"\bif (?:you're|you be|your (?:\S+ )?team be|they're|they be) (?:\S+ )?(?:add (?:people|staff"
    r"|headcount|someone|engineer|developer|designer|analyst|to (?:the|your) team)|hire|take on"
    r"|bring on)\b",
    r"\b(?:anyone|anybody|someone|somebody|who|team|company|firm) (?:who |that )?(?:\S+ )?"
    r"(?:be )?(?:take|bring) on (?:new |more |junior |senior |some |a few |any |extra )?(?:people"
    r"|staff|hire|intern|junior|graduate|apprentice|trainee|sres?|pms?|[a-z]+(?:er|or|ist|ant|ian)s?)"
    r"\b",
    # a word put in without "good": "put in a word with Marco about the spot"
    r"\bput in (?:a|an) (?:\S+ )?word\b",
    # something kept for me: "he might have something for me", "keep your ears open for me"
    r"\b(?:have|find|know of|hear of) (?:something|anything|a place|a spot|room|work|an opening"
    r"|a role|a job) (?:\S+ ){0,2}for i\b",
    r"\b(?:keep|kept) (?:a |an |your |both )?(?:ear|eye)s? (?:open|out|peel)\w*(?: [\w'-]+){0,2}"
    r" for (?:i"
    r"|any|anything|something|opening|role|job|position|vacancy)\b",
    # speaking well of me, being my reference: "write me a reference"
    r"\b(?:write|give|provide) i (?:a |an )?(?:\S+ )?(?:reference|referee|recommendation)\b"
    r"|\b(?:be|act as|serve as) (?:a |my )?referee\b|\breference letter\b"
    r"|\bletter of recommendation\b",
    # speaking well of me, being my reference
    r"\b(?:good|nice|kind|positive) (?:thing|word)s? about i\b",
    r"\b(?:be|act as|serve as) (?:a |my )?reference\b|\breference for (?:i|my)\b",
    r"\b(?:anyone|anybody|someone|somebody|who|team|company|firm|startup|group|lab|agency"
    r"|employer|which|that) (?:\S+ ){0,3}(?:be )?recruit\b(?! (?:process|manager|team|firm"
    r"|agency|pipeline))",
    r"\b(?:anyone|anybody|someone|somebody|who|team|company|firm|startup|group|lab) (?:who |that )?"
    r"(?:\S+ )?need (?:a|an|another|more|extra|some) (?:\S+ )?(?:help|hand|hire|intern|junior"
    r"|analyst|(?!(?:advice|answer|break|chat|coffee|moment|minute|question|rest|reminder|way|word)\b)"
    r"[a-z]+(?:er|or|ist|ant|ian|ent|ee))\b",
    # hiring: "are you hiring", "is anyone you know hiring", "hire me"
    r"\bhire (?:i|someone like i|people like i)\b",
    # "anyone hiring", "who is hiring" (not "Grace, who hires for the data team")
    r"\b(?:anyone|anybody|someone|somebody|who(?! hire\b)) "
    + _W
    + r"{0,4}(?:be )?hire\b(?! (?:process"
    r"|manager|practice|criterion|criteria|pipeline|loop|bar|side|timeline|committee"
    r"|decision))",
    r"\bbe (?:you|u|your(?: [\w'-]+){1,2}|they|the(?: [\w'-]+){1,2}|[a-z][\w&.-]*"
    r"(?: [a-z][\w&.-]*)?) (?:guy )?(?:currently |still |now |actively )?hire\b"
    r"(?! (?:process|manager|practice|criterion|criteria|pipeline|loop|bar))",
    r"\b(?:you're|your " + _W + r"be) (?:currently |still )?hire\b(?! (?:process|manager))",
    # "hiring for juniors?", not a description: "Grace, who hires for the data team"
    r"(?<!\bwho )(?<!\bthat )(?<!\bshe )(?<!\bhe )(?<!\bthey )(?<!\balso )"
    r"\bhire (?:for|any|new|junior|senior|right now|at the moment)\b",
    # openings, roles, positions
    r"\b(?:any|open|current|available|upcoming) (?:job )?(?:opening|position|vacancy|job"
    r"|internship)\b",
    r"\b(?:any|open|current|available|upcoming) " + _W + r"?role\b(?! model)",
    r"\bjob (?:opening|opportunity|offer|lead)\b",
    r"\b(?:the|this|that) " + _W + r"{0,3}(?:position|role|job|opening|vacancy) (?:be )?"
    r"(?:still )?(?:open|available|fill)\b",
    r"\bhelp i (?:to )?apply (?:for|to)\b",
    r"\bconsider (?:i )?(?:for|as) (?:a|the|any|an|your|future)\b",
    r"\bconsider i\b",
    r"\b(?:keep|bear|have) i " + _W + r"{0,2}(?:in mind|on (?:your|her|his|their) radar)\b",
    # "would you put my name in the hat?", "tell him I'm the right person for it", "get
    # myself seen for the understudy track", "I'd love first dibs", "kindly
    # keep my profile in your consideration for any suitable requirement"
    r"\bput my name (?:in the hat|in the ring|forward|in for)\b",
    r"\btell (?:him|her|them|he|she|they) (?:that )?(?:you think )?(?:i'm|i be|i am) (?:the )?"
    r"(?:right|perfect|ideal|best|obvious) (?:person|fit|candidate|hire|choice|one)\b",
    r"\bget (?:myself |i )?see for\b",
    r"\bfirst dibs\b",
    r"\bkeep my (?:profile|cv|resume|résumé|application|candidature|name) (?:in|under) (?:your )?"
    r"consideration\b|\bany suitable (?:requirement|opening|vacancy|position|role)\b",
    r"\bremember i (?:if|when|for|should)\b",
    r"\bif (?:there be|there's|there is|there ever be) (?:a |an |any |some |ever )?"
    + _W
    + r"{0,4}(?:opening|position|role|vacancy|job|spot|internship|placement"
    r"|apprenticeship|seat|gig)\b",
    r"\b(?:throw|put|toss) my hat in(?:to)? the ring\b",
    r"\bhave (?:any |an? |some )?" + _W + r"{0,2}(?:opening|vacancy|position) (?:for|on|in|at)\b",
    r"\b(?:get|put) my " + _W + r"{0,2}(?:resume|résumé|cv|application|portfolio|name"
    r"|profile) in front of\b",
    r"\b(?:get|put) i in front of\b",
    r"\bhelp (?:i )?(?:get|be) hire\b",
    r"\bbe (?:you|your(?: [\w'-]+){1,2}|they|the(?: [\w'-]+){1,2}|[a-z][\w&.-]*) (?:currently "
    r"|still |now )?look for (?:anyone|anybody|someone|people|new|junior|more|help|a|an"
    r"|candidate|engineer|analyst|developer|designer)\b",
    r"\bput (?:my|i) (?:name )?forward\b|\bput forward (?:my|i)\b",
    r"\b(?:love|like|want|hope|glad|happy) to be consider\b",
    r"\b(?:be|get|being|getting) (?:refer|recommend)(?: to| for| by you|$| \W)",
    r"\bif (?:you|your|the|he|she|they) "
    + _W
    + r"{0,2}(?:ever )?need (?:(?:a|an|another|extra|more) (?:[\w'-]+ ){0,2}?"
    + _PERSON
    + r"|someone|somebody|help|contractor|freelancer|hand)\b"
    # not a one-off favour: "if your team needs someone to test the booking flow"
    r"(?! to (?:" + _FAVOURS + r")\b)(?! (?:guinea pig|fourth|plus - one|plus-one|taster|sub"
    r"|substitute|teammate|buddy|companion)\b)"
    # not a volunteer at their event: "if you ever need a speaker on accessibility"
    r"(?! (?:\S+ )?(?:speaker|volunteer|mentor|panellist|panelist|host|guest|judge|moderator"
    r"|reviewer|sponsor|donor)s?\b)",
    r"\b(?:forward|pass|send|share|give|hand) (?:it|this|that|them|they|the (?:\S+ )?(?:version"
    r"|copy|file|draft|one)) (?:along |on )?"
    r"(?:to|with) "
    r"(?:your |the )?" + _W + r"{0,2}(?:hire manager|recruiter|hr|manager|talent|boss)\b",
    r"\b(?:a|an|any) "
    + _W
    + r"{0,2}(?:role|position|opening|job|spot|vacancy) "
    + _W
    + r"{0,1}(?:come|open) up\b",
    r"\b(?:any|whatever|every) (?:way|chance|opportunity) to (?:work|join|collaborate)\b",
    # (not "think of me as a reader")
    r"\b(?:think|thought) of i\b(?! as (?:a|an|your) (?!candidate|option|hire|contractor"
    r"|freelancer)\w)",
    r"\b(?:anything|something|a spot|a seat|a position|a role|a job|an opening|a vacancy"
    r"|one|any " + _W + r"{0,2}(?:role|position|opening|job)) " + _W + r"{0,2}(?:open|come)"
    r" up\b",
    r"\bopen up (?:on|at|in) your\b",
    # "should anything be going in your QA department", "if there's anything going at yours"
    r"\b(?:anything|something|a (?:job|role|spot|position|place)) (?:be )?go (?:in|at|on) your\b",
    # "should a junior spot open on your team", "when a position becomes available"
    r"\b(?:if|should|when|whenever) (?:a|an|any) (?:\S+ ){0,2}(?:role|position|opening|job|spot"
    r"|vacancy|place|seat) (?:\S+ )?(?:open|become available|free up|come up|appear)\b",
    r"\bhear of (?:any|anything|something) " + _W + r"{0,2}(?:role|position|opening|job)?\b",
    r"\bhelp (?:i )?"
    + _W
    + r"{0,2}(?:get|getting|land|landing|find|finding|secure|securing) "
    + _W
    + r"{0,3}(?:job|position|role"
    r"|interview|offer|foot in the door)\b",
    r"\bhelp i (?:to )?(?:get|land|secure|find) (?:one|in|a foot)\b",
    r"\bhelp i (?:to )?(?:get|land|secure|find|win) (?:a |an )?(?:spot|place|seat|placement"
    r"|internship)\b",
    r"\b(?:get|land|find|secure) (?:i )?(?:a |an )?(?:job|position|role|interview) "
    r"(?:at|with|on|in)\b",
    r"\b(?:get|land|secure|set up) (?:i )?(?:a|an) interview\b",
    r"\bwork (?:with|for|alongside) (?:you|your " + _W + r"{1,2}|[a-z]+) " + _W + r"{0,3}"
    r"(?:in )?(?:any|whatever) (?:way|capacity|role|form)\b",
    r"\b(?:join|be part of) your " + _W + r"?team\b(?!'s)",
    r"\bask (?:you )?for (?:a |an )?(?:job|position|role|referral|interview)\b",
    r"\b(?:introduce|connect|intro|put) i " + _W + r"{0,4}(?:hire manager|recruiter|hr|talent"
    r" team|who be hire)\b",
    # speaking for me to the people who hire: "let the hiring team know I'm a fit"
    r"\b(?:let|tell|remind|ask|nudge) (?:the|your) " + _W + r"?(?:hire (?:team|manager|committee"
    r"|panel)|recruiter|recruiting team|hr|talent team)\b",
    # room on their team: "if your team ever has room for a junior SRE"
    r"\bif (?:your|the|you) "
    + _W
    + r"{0,3}(?:ever |ever need to |still )?have (?:room|space|a spot"
    r"|an opening|budget|headcount|a place) for\b",
    # who is looking for people: "any teams at Fernway that are looking for data engineers"
    r"\b(?:team|company|anyone|anybody|someone|group|startup|firm|employer|who|that|which|lab"
    r"|agency) "
    + _W
    + r"{0,4}look for (?:a |an |new |more |another |junior |senior |)"
    + _W
    + r"?(?:candidate|hire|people|someone|talent|intern|nurse|recruit|staff|employee|help|analyst"
    # a job title: engineer, designer, assistant, scientist, technician, counsellor...
    r"|(?!(?:better|other|further|faster|easier|cheaper|bigger|smaller|newer|answer|partner)\b)"
    r"[a-z]+(?:er|or|ist|ant|ian|ent|ee))\b",
)

#: Job motives by what they ask for, not by their words: to be taken on by a team (join
#: it, fit it, be one they could use), to apply through or be put in front of the people
#: who hire, a contact or an introduction hoped to turn into a job. They pass the same
#: guards as _OUTRIGHT (negation, a statement of my own, a request or a want).
_MOTIVES = lemma_patterns(
    # "I'd love the chance to make my case for the role", "I'd jump at the rep job"
    r"\b(?:make|put|plead) my case for (?:the|a|an|this|that|her|his|their) (?:\S+ ){0,3}(?:role"
    r"|job|position|post|opening|vacancy)\b",
    r"\bjump at (?:the|a|an|any|this|that) (?:\S+ ){0,3}(?:role|job|position|post|opening"
    r"|vacancy)\b",
    # "who would love to be considered for the planner opening" (in a blurb too)
    r"\bbe consider for (?:the |a |an |any |that |this |his |her |their )?(?:\S+ ){0,3}(?:opening"
    r"|role|job|position|post|vacancy|internship|placement)\b",
    # joining a team, theirs or the one introduced: "about joining his analytics team",
    # "I'd love to join her studio" (not "join you for coffee", "join his current company")
    r"\b(?:about|on|to|re|of|towards?) join (?:his|her|their|your|the|a) (?!current |present"
    r" |first |old |previous |former )(?:\S+ ){0,2}(?:team|company|firm|studio|lab|group"
    r"|department|agency|startup|practice|newsroom|office|org|organisation|organization)\b",
    r"\b(?:great|good|strong|perfect|natural|ideal|real|right) fit (?:for|on|with|in) (?:your|the"
    r"|his|her|their) (?:\S+ ){0,2}(?:team|company|firm|role|position|studio|lab|group|agency"
    r"|department|opening)\b",
    r"\bconsider (?:someone|somebody|a person|people|a candidate|candidate|an applicant"
    r"|applicant|profile)s? (?:like i|like my|with my|from my)\b",
    # applying: "the link to apply for the analyst post", "apply to her team"
    r"\bapply (?:for|to) (?:the|a|an|any|this|that|their|her|his) (?:\S+ ){0,2}(?:post|role"
    r"|position|job|opening|vacancy|internship|placement|scheme|programme|program|team)\b",
    r"\b(?:help|improve|boost|raise|increase|better) my (?:\S+ )?chance\b",
    # their team needing a person: "whether he needs a junior this spring"
    r"\b(?:whether|if) (?:he|she|they|you|your (?:\S+ )?team|the team|[a-z]+) (?:\S+ )?need"
    r" (?:a|an|another|more|extra|any) (?:new |extra |more )?(?:junior|graduate|intern|trainee"
    r"|apprentice|pair of hand|hand)s?\b",
    # an introduction or a talk that is hoped to turn into a job
    r"\b(?:introduction|intro|conversation|chat|call|meeting|connection|it|this|that)"
    r" (?:\S+ ){0,3}(?:lead|turn|become|result|convert|translate) (?:in|into|to) (?:a |an"
    r" |some )?(?:\S+ ){0,2}(?:role|job|position|offer|opening|interview|paid work|hire"
    r"|contract|placement|internship)\b",
    r"\bfoot in\b",
    # a ninth look: "could I contribute as a contractor?"
    r"\b(?:i|i'd|me) (?:\S+ ){0,2}(?:contribute|help|work|join|start|come on|come in)"
    r" (?:\S+ ){0,3}as (?:a|an|your) (?:\S+ )?(?:contractor|freelancer|intern|consultant|temp"
    r"|employee|junior)\b",
    # a seventh look: "I'd be grateful for the chance to pitch myself", "I'm available to
    # start in January if your team needs anyone", "does Acme ever take on career
    # changers?", "if it frees up a junior spot", "any inside track on the programme"
    r"\b(?:cv|resume|résumé|application) (?:\S+ ){0,2}on your desk\b",
    r"\bpitch (?:myself|i)\b|\binside (?:track|line) (?:on|to|at|for|into) (?:\S+ ){0,3}"
    r"(?:programme|program|scheme|role|job|opening|hire|intake|position|internship|graduate)\b",
    r"\bavailable to start\b",
    r"\b(?:take|bring) on (?:\S+ ){0,2}(?:changer|junior|graduate|intern|apprentice|trainee"
    r"|newcomer|beginner|people like i|someone like i)s?\b",
    r"\b(?:free|open) up (?:a|an|any|another) (?:\S+ )?(?:role|position|opening|job|vacancy"
    r"|headcount|(?:junior|graduate|intern|trainee|entry - level|entry-level)"
    r" (?:spot|seat|place))\b",
    r"\bif (?:you|your|the|he|she|they) (?:\S+ ){0,2}(?:ever )?need (?:anyone|anybody)\b",
    # a person they might want, and me as that person: "if you ever want a research
    # assistant", "if Orbit ever needs a tester, I'd jump in", "if any of your clients
    # need a freelance copywriter"
    r"\bif (?:\S+ ){1,4}(?:ever )?(?:need|want|look for|be after|could use) (?:a|an|another"
    r"|more|some) (?!(?:\S+ ){0,2}(?:speaker|volunteer|mentor|partner|sponsor|reviewer|moderator"
    r"|judge|organiser|organizer|helper|donor|member|panellist|panelist|host|guest)s?\b)"
    r"(?:[a-z-]+ ){0,2}(?:assistant|tester|copywriter|intern|junior|temp|freelancer|contractor"
    r"|[a-z]{4,}(?:er|or|ist|ian))s?\b(?=.*\b(?:i'd|i|i'm|me|my)\b)",
    r"\bi'd jump (?:in|at)\b"
    # (not "I'd jump at any chance to see the depot": a visit, not a job)
    r"(?! (?:any|the|a) (?:\S+ )?(?:chance|opportunity) to (?!join|be part|work|help|start)\w)",
    # a place in their intake: "land a spot in his graduate cohort", "be on his list for
    # the next intake", "be in the mix", "throw my name in", "show your design lead what I
    # can do", "part of Acme's data team"
    r"\b(?:land|get|secure|win|earn) (?:a |an )?(?:spot|place|seat|slot) (?:in|on) (?:his|her|their"
    r"|your|the) (?:\S+ ){0,2}(?:cohort|intake|programme|program|scheme|team|class)\b",
    r"\bon (?:his|her|their|your|the) (?:\S+ )?list for\b|\bbe in the (?:mix|frame)\b",
    r"\b(?:throw|put|toss|get) my name in\b",
    r"\b(?:show|prove to) (?:\S+ ){0,3}what i can do\b",
    r"\b(?:love|like|want|hope|keen|eager|thrill|thrilled|delight|delighted|glad|happy|honour|honor|excite)\w*"
    r" to be (?:a )?part of (?:\S+ ){1,3}(?:team|company|firm|lab|studio|group|department|crew"
    r"|squad)\b(?!'s)",
    # leads, screening, visas: "any leads at your company would be gold", "passing it to
    # whoever screens your designers", "I'd apply in a heartbeat"
    r"\b(?:any|a few|some) (?:job )?leads? (?:at|in|on|with|from)\b",
    r"\bto whoever (?:screen|hire|interview|vet|shortlist|recruit)\w*\b",
    r"\bi'd apply (?:in a heartbeat|tomorrow|straight away|right away|immediately|there)\b",
    # my CV sent while their team grows: "could I send you my CV in case your firm is
    # expanding the tax team?"
    r"\bmy (?:cv|resume|résumé|portfolio)\b.*\b(?:team|firm|company|lab|studio|group|department)"
    r" (?:be )?(?:expand|grow|staff up|build out|scale up|hire)\w*\b",
    r"\b(?:firm|team|company|lab|studio|group|department) (?:be )?(?:expand|grow|staff|build|scale)"
    r"\w* (?:\S+ ){0,3}(?:team|up|out)\b.*\bmy (?:cv|resume|résumé|portfolio|name)\b",
    r"\bstaff\w* up\b.*\b(?:i'd|i would|my name|my cv)\b",
    # my blurb or my work passed to the people who hire: "a short paragraph you could
    # forward to your hiring manager"
    r"\b(?:forward|pass|send|show|share|hand|give|submit)(?: [\w'-]+){0,3} (?:along |on )?(?:to"
    r"|with) (?:your|the) (?:\S+ ){0,2}(?:hire manager|hire team|hire lead|recruiter|hr|talent"
    r" team|recruit team|recruitment team)\b",
    # any job at all: "I'd happily take any role on his team", "in any capacity", "keen to
    # get into your company"
    r"\b(?:take|accept|do|fill) (?:any|whatever) (?:\S+ )?(?:role|job|position|work|opening|post"
    r"|contract|gig)\b",
    r"\b(?:in|at) (?:any|whatever) (?:capacity|level|role|position)\b",
    r"\b(?:get|break|make it|find a way) (?:in|into) (?:your|his|her|their|the) (?:\S+ )?(?:company"
    r"|team|firm|studio|lab|org|organisation|organization|agency|department|newsroom)\b",
    # a role they will post: "let me know when your team next posts a junior role"
    r"\b(?:when|once|if|whenever|as soon as) (?:\S+ ){1,4}(?:post|advertise|list|open|publish"
    r"|put up|create)\w* (?:a|an|any|the|its|their|new|another) (?:\S+ ){0,2}(?:role|job"
    r"|position|opening|vacancy|internship|req|headcount)\b",
    r"\breferrer\b",
    # working for them: "I'd happily freelance for you", "working under you would be a
    # dream", "a shot at working with your team" (not "what it's like to work for you")
    # ("does Tuesday work for you?" is a time that suits)
    r"(?:\b(?:work|freelance|contract|intern|temp|consult) under|\b(?:freelance|contract|intern"
    r"|temp|consult) for|(?<!happen )(?<!seem )(?<!likely )(?<!go )(?<!able )\b(?:to|happily"
    r"|gladly) work for) (?:you|your (?:\S+ )?(?:team|company|studio|firm|lab|group|department"
    r"|agency))\b",
    r"\b(?:shot|chance|opportunity|dream|privilege|honour|honor) (?:at |of |to )?(?:\S+ ){0,2}work"
    r" (?:with|for|under|alongside|on|in) (?:you|your)\b",
    # my work put before the people who hire: "show it to your creative director", "your
    # manager would look at my CV"
    r"\b(?:show|pass|forward|send|share|hand|give|put|flag|mention) (?:it|this|that|them|they|my"
    r" (?:\S+ ){0,2}(?:work"
    r"|portfolio|cv|resume|résumé|case study|sample|project|application|profile)) (?:along |on"
    r" |over )?(?:to|with|in front of) (?:your|the) (?:\S+ ){0,2}(?:manager|director|boss|head"
    r"|founder|ceo|cto|lead|partner|recruiter|hr|editor|producer)\b",
    r"\b(?:your|the|his|her|their) (?:\S+ )?(?:manager|boss|director|recruiter|hr|founder|head|lead"
    r"|panel) (?:\S+ ){0,3}(?:look at"
    r"|look over|see|review|read|consider|glance at|have a look at|take a look at|check out) my"
    r" (?:\S+ ){0,2}(?:cv|resume|résumé|portfolio|application|profile)\b",
    r"\bbe (?:thought|think) of\b",
    # the firm of the person introduced, where I want to work: "his firm is the one I most
    # want to work for"
    r"\b(?:his|her|their) (?:\S+ )?(?:firm|team|company|studio|lab|group|agency|department"
    r"|startup)\b.*\b(?:want|love|dream|hope|long|keen|eager) to (?:work (?:for|at|there|with"
    r" (?:him|he|her|them|they))|join)\b",
)
_OUTRIGHT = (*_OUTRIGHT, *_MOTIVES)

_GAP = r"(?:[\w'-]+ )"  # one word (no punctuation) and its space
#: A word of a question about them, not the sender ("is it worth hiring a coach?")
_THEIR_GAP = r"(?:(?!(?:i|we|i'm|i've|we're|my|our|worth|should)\b)[\w'-]+ )"

#: The four intents of a job ask that are not worded as one (issue 16, sixth blind batch):
#: they pass the same guards as _OUTRIGHT (negation, my own statement, a request).
_INTENTS = lemma_patterns(
    # (2) whether their organisation or circle takes on people like me: "does your
    # practice ever bring in locums?", "is your lab recruiting field assistants?", "do the
    # studios you work with use freelance colourists?", "would a firm like yours look at
    # a clerk with my background?", "whether Kestrel has room for people who..."
    r"\b(?:do|be|would|will|might|could|whether|if) "
    + _THEIR_GAP
    + r"{0,8}(?:ever |still |currently"
    r" |now |sometimes |often |also )?(?:take on|bring on|bring in|hire|employ|recruit) (?!out\b"
    r"|(?:" + _GAP + r"{0,2})?(?:participant|volunteer|student|patient|member|subject|process"
    r"|practice)s?\b)" + _GAP + r"{0,3}?(?:" + _PERSON + r"|[a-z]+s)\b",
    r"\b(?:do|be|would|will|might|could|whether|if) "
    + _THEIR_GAP
    + r"{0,8}(?:short of|short on|in need"
    r" of|crying out for) (?:[\w'-]+ )?" + _PERSON,
    r"\b(?:do|be|would|will|might|could|whether|if) "
    + _THEIR_GAP
    + r"{0,8}(?:ever |still |currently"
    r" |now |sometimes |often |also )?(?:use|need|want|hire|take on|bring in) (?:any |some |the"
    r" odd |more |a |an )?(?:freelance|contract|temp|temporary|casual|locum|agency|outside"
    r"|external|part-time|part - time|seasonal|extra|newly qualify|junior|trainee) "
    + _GAP
    + r"{0,2}?"
    + _PERSON,
    r"\b(?:do|be|would|will|might|could|whether|if) "
    + _THEIR_GAP
    + r"{0,6}(?:ever |still |currently"
    r" |now |sometimes |also )?(?:have|find) (?:a |any |some )?(?:use|work|need|room) for (?:a|an"
    r"|another|any|more|some) " + _GAP + r"{0,3}?" + _PERSON,
    r"\b(?:look at|consider|take on|hire|employ|have room for|have space for|have a place for)"
    r" (?:a|an|someone|somebody|people|anyone|candidate|applicant|"
    + _PERSON
    + r")s? "
    + _GAP
    + r"{0,3}(?:like i|like myself|with my|from my)\b",
    r"\b(?:have|be there|have got) (?:any )?(?:room|space|a place) (?:at|in|on|for) (?:[\w'-]+"
    r" ){0,3}(?:for )?(?:people|someone|somebody|anyone|candidate|applicant)s? (?:who|like|with"
    r"|from|without)\b",
    # ... or whether someone they know needs one: "do you know of any contractors looking
    # for a first-year apprentice?"
    r"\bknow (?:of )?(?:any|anyone|anybody|someone|somebody|a|an|people|(?:any|a|an|some) "
    + _GAP
    + r"?(?:firm|company|team|studio|practice|contractor|agency|employer|shop|lab|school"
    r"|business)s?"
    r") " + _GAP + r"{0,3}(?:who|that|who's|which)? ?(?:be )?(?:look for|need|hire|recruit|take on"
    r"|bring on|after|short|short of|in need of) (?:a |an |another |some |more |new |any |extra )?"
    + _GAP
    + r"{0,3}?"
    + _PERSON,
    # to come on as one of their staff: "could I come on as a casual in your kitchen?"
    r"\b(?:come on|come in|start|join|sign on|be take on|be bring on|fill in|help out) "
    + _GAP
    + r"{0,2}as (?:a|an|your|one of your) (?:[\w'-]+ )?(?:casual|temp|locum|intern|trainee"
    r"|apprentice|junior|contractor|freelancer|consultant|employee|assistant|hand|extra)s?\b",
    # (3) to be my reference: "would you be one of my references", "could I list you as a
    # referee", "give the panel your name as someone who knows my work", "if the agency
    # rang you to check my background", "a line from you vouching for my work"
    r"\b(?:be|act as|serve as|stand as) (?:one of )?(?:my |a )?(?:reference|referee)s?\b"
    r"(?! (?:point|guide|book|list|material|section|manual|number))",
    r"\b(?:put|list|name|use|give|add|include|cite|have|put down) you (?:down )?(?:as|on|among"
    r"|to|in|for) (?:a |an |my |one of my |the |one of the )?" + _GAP + r"?(?:reference|referee)s?"
    r"\b",
    r"\b(?:give|pass|send|put|share|hand|forward|offer) " + _GAP + r"{0,4}your (?:name|number"
    r"|detail|contact|email|e-mail)s? " + _GAP + r"{0,3}as (?:a |my |one of my )?(?:reference"
    r"|referee|someone|somebody|a person)\b",
    r"\b(?:if|when|should|let) (?!i )(?:the |a |an |their |my )?" + _GAP + r"{0,2}(?:ring|call"
    r"|phone|contact|email|e-mail|reach|approach) you " + _GAP + r"{0,3}(?:about|check|on|regard"
    r"|to ask about) (?:i|my)\b",
    r"\bvouch for (?:i|my)\b",
    # (4) what the person introduced would do for me: "put me forward", "shortlist me",
    # "get me onto the interview list", "help me get hired"
    r"\bput (?:i|my name|his name|her name) forward\b|\bput (?:i|he|she|her|him) forward for\b",
    r"\b(?:shortlist|fast-track|fast - track) (?:i|my)\b",
    r"\bget (?:i|my name|my application|my cv) (?:onto|on to|on|into) (?:the|a|an|his|her|their"
    r"|your) " + _GAP + r"{0,2}(?:list|shortlist|interview|rota|roster|book|payroll)\b",
    r"\bhelp (?:i )?(?:to )?(?:get|be) hire\b|\bget i hire\b",
    # (5) held back for a post, or a way in (issue 16, eighth blind batch): "hang on to my
    # details for the next project you staff", "be considered for the summer analyst
    # class", "help me to enter in your company", "has need of someone like me", "any
    # shifts going at the depot?", "get my portfolio in front of whoever picks"
    r"\b(?:hang on to|hang onto|hold on to|hold onto|keep hold of|keep|file|save) my (?:contact )?"
    r"(?:detail|cv|résumé|resume|number|info|information|application)s? (?:for|on file|on record"
    r"|in case|until|handy)\b",
    r"\bbe consider for " + _GAP + r"{0,4}(?:role|position|job|opening|class|program|programme"
    r"|internship|place|post|vacancy|shift|contract|cohort|intake|team|crew|roster|rota)s?\b",
    r"\bhelp i (?:to )?(?:enter|get into|get in|join|break into|find a way into|get a foot in)"
    r"(?: in| into| at)? (?:your|the|their) (?:[\w'-]+ )?(?:company|firm|team|organisation"
    r"|organization|department|studio|lab|office|business|practice|agency|crew)\b",
    r"\b(?:need|use|room|place) (?:of |for )?(?:someone|somebody|a person|people|anyone|a"
    r" worker|a hand) like (?:i|myself)\b",
    r"^(?:\S+ ){0,3}any (?:[\w'-]+ )?(?:shift|job|opening|vacancy|position|role|gig|contract"
    r"|placement|work) (?:go|come up|available|free|on offer)\b",
    r"\banything go (?:at|in|on) your\b",
    r"\bif your (?:\S+ )?(?:team|company|firm|group|department|studio|lab|practice|crew|office"
    r"|shop|unit) (?:ever )?have anything (?:\S+ )?(?:come up|open|go|available|suitable)\b",
    r"\b(?:get|put|place|land) (?:my|mine) (?:[\w'-]+ ){0,3}in front of\b"
    r"|\bmine (?:[\w'-]+ ){0,3}in front of (?:the right|whoever|the hire|your)\b",
)
_OUTRIGHT = (*_OUTRIGHT, *_INTENTS)

#: Words that say the sender is looking for work (their goal, not an ask).
_JOB_HUNT = lemma_patterns(
    r"\bjob (?:hunting|hunt|search|searching|seek|seeking)\b",
    r"\bbetween (?:job|contract|role|gig|position)s?\b",
    r"\b(?:look|search|hunt|apply) (?:for )?(?:a |an |my |new |full-time )*"
    + _W
    + r"?(?:job|role|position|opportunity)\b",
    r"\bbetween job\b",
    r"\bopen to work\b",
    r"\bon the (?:job )?market\b|\blook for work\b|\bout of work\b",
    # "I've applied for the APM role", "my contract ends in March"
    r"\b(?:i've|i) (?:just |now |also |since |recently )?(?:apply|applied) (?:for|to)"
    r" (?:\S+ ){0,4}(?:role|position|job|opening|scheme|internship)\b",
    r"\bmy (?:\S+ )?(?:contract|placement|internship|fellowship|visa|gig)"
    r" (?:end|be end|run out|finish|expire|wrap|wrap up|dry up)\b",
    r"\blay off\b|\blaid off\b|\bunemployed\b",
    r"\bopen to (?:new |fresh |any )?(?:opportunit|role|position|offer)\w*",
)
#: "If Quill has anything in analytics, let me know": from a job hunter, a job ask.
_ANYTHING_FOR_ME = lemma_patterns(
    r"\bif "
    + _W
    + r"{1,3}(?:have|hear|know|see|come across|spot|get) (?:of )?(?:anything|something"
    r"|any opening|an opening|any role|a role|a position|any position|a spot)\b",
    # "anything you can do to help it along", "if there's ever a way for me to contribute"
    r"\b(?:anything|whatever) you (?:can|could|might) do\b",
    r"\bhelp it along\b",
    r"\ba way for i to (?:contribute|help|join|work|get)\b",
    # "if anything comes across your desk, send it my way"
    r"\b(?:if|in case|should|when|whenever) (?:anything|something) (?:\S+ ){0,3}(?:come|cross\w*"
    r"|land|turn up|pop up)\b",
    # "does anyone in your circle need a motion designer?": my trade, offered
    r"\b(?:anyone|anybody|someone|somebody) (?:\S+ ){0,4}(?:need|want|look for|after) (?:a|an"
    r"|another) (?:\S+ ){0,2}?\w+(?:er|or|ist|ant|ian)\b",
    r"\b(?:send|pass|throw|point|steer|forward) (?:it|them|they|anything|something|any)"
    r" (?:\S+ )?my way\b",
)
#: An opening and me in one sentence, an offer to fill it: "should a spot open in your
#: studio, I'm a call away", "if a role comes up on your team, think of me".
_OPENING_AND_ME = lemma_patterns(
    r"\b(?:should|if|when|whenever|once|in case) (?:a|an|any|another) (?:\S+ )?(?:spot|role"
    r"|position|opening|place|seat|vacancy|job|post) (?:ever |should |do |ever do )?(?:open"
    r"|come up|free up|become available|appear|pop up)(?: up)? (?:in|at|on|with) (?:your|his|her"
    r"|their|the) (?:\S+ ){0,2}(?:team|studio|firm|company|practice|lab|group|agency|office"
    r"|department|shop|clinic|school|org)\b(?:\S* ){0,6}(?:i be|i'm|i am|i'd be"
    r"|keep i|think of i|let i know|count i|call i|ping i|remember i|i would be)\b",
    # "if you need a coordinator, I'm your person"
    r"\bi(?:'m| be| am) your (?:\S+ )?(?:person|guy|gal|woman|man|girl|candidate|hire|pick)\b",
    # their team needing work done, and me free for it: "let me know if your department
    # needs any cover over the summer, as I'm free from June"
    r"\bif (?:your|his|her|their|the) (?:\S+ )?(?:team|department|studio|firm|office|clinic|shop"
    r"|practice|lab|group|company|agency|school) (?:ever )?need (?:any |a |an |some |extra |more )?"
    r"(?:\S+ )?(?:cover|help|hand|staff|someone|people|support|freelancer|temp)s?\b"
    r"(?:\S* ){0,8}?(?:i be free|i'm free|i be available|i'm available|i can start"
    r"|i could start)\b",
    # the person to meet could hire me: "the kind of manager who could take me on"
    r"\b(?:who|that) (?:could|would|might|can) (?:\S+ )?(?:bring i on|take i on|hire i)\b",
)
#: Asking to be introduced onward, which, from a job hunter, is a referral ask.
_INTRO_ASK = lemma_patterns(
    r"\b(?:introduce|connect|intro|point|put) i\b",
    r"\b(?:an|any) (?:introduction|intro)s?\b",
)

#: A worker needed, or a post: what "I'm your person" must be an offer for.
_A_WORKER_OR_POST = lemma_patterns(
    r"\b(?:need|want|look for|be after|could use|short|hire|take on|add) (?:a |an |another |extra"
    r" |more |some )?(?:[\w'-]+ ){0,2}?" + _PERSON,
    r"\b(?:role|job|position|opening|vacancy|post|posting|hire)\b",
)

#: The person or team to be introduced to is hiring: "since they're recruiting in her
#: group", "her team is hiring" (not "how her team hires", "the hiring process").
_THEY_HIRE = lemma_patterns(
    # their firm takes on graduates, or a role at their agency is what I'm after: "his
    # firm takes on two graduates a year", "angling for a junior role at her agency"
    r"\b(?:take|bring) on (?:\S+ ){0,3}(?:graduate|junior|intern|trainee|apprentice|hire)s?\b",
    r"(?<!his )(?<!her )(?<!their )\b(?:role|job|position|post|opening|seat|spot|internship|place)"
    r" (?:at|in|on|with) (?:his|her|their) (?:\S+ )?(?:agency|firm|company|team|studio|lab|group"
    r"|department|startup|org)\b",
    # the job is the motive: "the role on his team looks tailor-made for me", "my dream is
    # to work in her studio"
    r"\b(?:role|job|position|opening|vacancy|post) (?:\S+ ){0,5}(?:tailor - make|tailor-made"
    r"|tailor - made|make|perfect|ideal|right|a fit) for i\b",
    r"\b(?:dream|goal|hope|aim|ambition|plan) be to (?:work|join) (?:in |at |for |with )?(?:his|her"
    r"|their|him|he|them|they)\b",
    r"\b(?:she's|he's|they're|(?:she|he|they|(?:her|his|their|the) (?:\S+ )?team) (?:be|have be))"
    r"(?: currently| now| actively| still| also)? (?:hire|recruit)\b(?! (?:process|manager"
    r"|practice|pipeline|freeze|loop))",
    # "his team has two junior openings"
    r"\b(?:she|he|they|(?:her|his|their|the) (?:\S+ )?team) (?:have|have get|have got)"
    r" (?:\S+ ){0,3}(?:opening|vacancy|headcount)\b",
    # "he's the one who decides on new hires"
    r"\b(?:decide|make (?:the )?(?:\S+ )?decision|call the shot) (?:on|about) (?:\S+ )?hire\b",
)


#: The writer sets the opening aside: "not that posting", "nothing to do with the role".
_NOT_THAT_POST = re.compile(
    r"\b(?:not|nothing\s+to\s+do\s+with|isn't\s+about|is\s+not\s+about)\s+(?:about\s+)?"
    r"(?:that|the|this|any|their|her|his)\s+(?:[\w-]+\s+)?(?:posting|post|role|job|opening"
    r"|vacancy|position|advert|ad)\b",
    re.IGNORECASE,
)


#: The person to be introduced decides on hires, or wants someone like me: "a recruiter at
#: St Aldric's", "anyone at Halden who looks after their recruitment", "a creative
#: director who's looking for a junior copywriter", "a head chef who's short a commis".
_GATEKEEPER_PERSON = lemma_patterns(
    r"\b(?:recruiter|hire manager|talent partner|talent scout|head of (?:recruitment|talent|hire"
    r"|hiring|people))s?\b",
    r"\b(?:who|that|whoever)(?:'s)? (?:[\w'-]+ ){0,2}(?:look after|handle|run|oversee|manage|be in"
    r" charge of|deal with|do|lead) (?:the |their |his |her |its )?(?:[\w'-]+ )?(?:recruitment"
    r"|recruit|hire|hiring)\b(?! process)",
)
_WANTS_SOMEONE = lemma_patterns(
    r"\b(?:who|that|whoever)(?:'s| be|'re)? (?:currently |still |now |always |actively )?(?:look"
    r" for|need|after|short|short of|want) (?:a|an|another|some|more|new|extra|any)"
    r" (?:[\w'-]+ ){0,2}?" + _PERSON,
)
#: What the person introduced is hoped to do for the sender, named in the third person in
#: a note to forward: "Tomasz hopes Rafael could refer him for it".
_ADVOCACY = lemma_patterns(
    # "would be grateful if Mia could flag her application to the panel"
    r"\b(?:flag|forward|pass|push|champion|fast-track|recommend) (?:his|her|their) (?:[\w'-]+ )?"
    r"(?:application|cv|resume|résumé|candidacy|name)\b",
    r"\b(?:put|send|show|mention|give|hand) (?:his|her|their) (?:[\w'-]+ )?(?:application|cv"
    r"|resume|résumé|name|portfolio) (?:to|in front of|forward|along|on to)\b",
    r"\b(?:refer|recommend|shortlist|nominate|sponsor|endorse|fast-track|put forward|vouch for"
    r"|hire|interview|take on|consider) (?:he|she|her|they) (?:forward )?for (?:it|the|a|an|that"
    r"|this|any"
    r"|their|his|her)\b",
)
_HOPED_FOR = re.compile(
    r"\b(?:hope\w*|ideally|could|might|would|wish\w*|keen|grateful)\b|'d\b", re.IGNORECASE
)


#: The sender applying, or their application: the context in which a recruiter is a way in.
_APPLYING = lemma_patterns(
    r"\bmy (?:[\w'-]+ )?application\b",
    r"\b(?:i|i'm|i've|i'll) (?:[\w'-]+ ){0,2}(?:apply|applied|applying)\b",
)


#: An introduction asked for, as a noun too ("an introduction would mean...": simplemma
#: reads "an" as "a"), not an introduction to a subject.
_INTRO_ASKED = (
    *_INTRO_ASK,
    *lemma_patterns(
        r"\b(?:introduce|connect|intro|put) (?:we|us)\b",
        r"\b(?:a|an) (?:[\w'-]+ )?(?:introduction|intro)\b(?! to (?:the )?(?:[\w'-]+ )?(?:course"
        r"|subject|topic|field|basic|python|sql|excel|programming|coding)\b)",
    ),
)


def _intro_for_a_way_in(m: Message) -> tuple[int, int] | None:
    """(4) An introduction asked for to someone who hires, while applying ("is there a
    recruiter at St Aldric's you could connect me with? ... my application"), or to
    someone looking for a person like me. A recruiter met to hear about recruitment as a
    career is not one: without the sender's application it is only a field."""
    applying = any(
        not negated(s, start) for s in m.sentences for start, *_ in lemma_matches(s, _APPLYING)
    )
    for sentence in m.sentences:
        if _HOPED_FOR.search(sentence.text):
            for start, end, *_ in lemma_matches(sentence, _ADVOCACY):
                if not negated(sentence, start):
                    return start, end
        patterns = (*_WANTS_SOMEONE, *(_GATEKEEPER_PERSON if applying else ()))
        for start, end, first, _last in lemma_matches(sentence, patterns):
            if negated(sentence, start) or any(
                t.lower in _WH_CLAUSE - {"who", "which"} for t in sentence.tokens[:first]
            ):
                continue  # "what recruiters at his agency look for": a question of theirs
            if {"in", "into"} & {t.lower for t in sentence.tokens[max(0, first - 2) : first]}:
                continue  # "her move into recruitment": a field
            return start, end
    return None


def _intro_to_be_hired(m: Message) -> tuple[int, int] | None:
    """An introduction asked for while saying the person is hiring: the motive is the
    job ("Could you introduce me to Lena, since they're recruiting in her group?")."""
    if not any(
        _request_like(s) and any(not negated(s, a) for a, *_ in lemma_matches(s, _INTRO_ASKED))
        for s in m.sentences
    ):
        return None
    if any(_NOT_THAT_POST.search(s.text) for s in m.sentences):
        return None  # "it's about next year, not that posting": the opening set aside
    at = _intro_for_a_way_in(m)
    if at is not None:
        return at
    for sentence in m.sentences:
        for start, end, first, _last in lemma_matches(sentence, _THEY_HIRE):
            if negated(sentence, start) or any(
                t.lower in _WH_CLAUSE - {"who", "which"} for t in sentence.tokens[:first]
            ):
                continue
            return start, end
    return None


def _refer_in_past(sentence: Sentence, first: int) -> bool:
    """ "Dana referred me to you", "Priya recommended me" are how they met, and "your advice
    helped me get two interviews" what it did: not asks."""
    word = sentence.tokens[first].lower
    if first and sentence.tokens[first - 1].lemma in {"be", "get", "being", "getting"}:
        return False  # "I'd love to be referred": an ask
    return word.endswith("ed") and sentence.tokens[first].lemma in {
        "refer",
        "recommend",
        "nominate",
        "sponsor",
        "endorse",
        # "your advice helped me get two interviews": what it did, not an ask
        "help",
    }


def _first_person_statement(sentence: Sentence, first: int) -> bool:
    """ "I sent my CV", "I've applied for the role": what they did, not an ask of them."""
    before = [t.lower for t in sentence.tokens[max(0, first - 3) : first]]
    return bool(before) and before[-1] in {"i", "i've", "i'll", "we", "we've", "have", "already"}


def _request_like(sentence: Sentence) -> bool:
    text = sentence.text.lower()
    return sentence.is_question or bool(
        re.search(
            r"\b(?:could|would|can|will|please|if|love|appreciate|grateful|hoping|hope|wonder"
            r"|let me know|happy|glad|mind|i'd|happily|gladly)\b",
            text,
        )
    )


#: First words of an ask said without a question mark or a polite word: an imperative
#: ("Keep me in mind", "Pass my CV on"), a bare "Any openings on your team", "Just let me
#: know", "P.S. refer me".
_IMPERATIVE = frozenset(
    {
        "keep",
        "do",
        "let",
        "put",
        "pass",
        "forward",
        "send",
        "refer",
        "recommend",
        "consider",
        "think",
        "remember",
        "mention",
        "tell",
        "introduce",
        "connect",
        "share",
        "flag",
        "hire",
        "bear",
        "help",
        "give",
        "kindly",
        "feel",
        "any",
        "anyone",
        "anybody",
        "know",
        "hiring",
        "referral",
        "openings",
        "so",
        "just",
        "also",
        "and",
        "or",
        "ps",
        "p",
    }
)
#: A want of the sender's own, said as a statement: "I'm looking for a referral".
_WANT = re.compile(
    r"\b(?:i'd|i\s+would|we'd|i'll|i\s+will)\b"
    # a clause of its own, "I'm graduating in May and would love to work with you"
    r"|^\s*would\s+(?:really\s+|so\s+)?(?:love|like|welcome|be\s+(?:glad|happy|keen|thrilled"
    r"|delighted))\b"
    r"|\b(?:i|i'm|i\s+am|we|we're)\s+(?:\w+\s+){0,2}(?:need|want|wanted|seek|seeking"
    r"|looking|hoping|hope|ask|asking|after|love|like|welcome|value|open\s+to|interested|keen"
    r"|eager)\b"
    # news told, not a want: "I wanted to tell you that I've started interviewing"
    r"(?!\s+to\s+(?:tell|let\s+you\s+know|share|say|update|mention|report|pass\s+on"
    r"|give\s+you\s+(?:an?\s+)?(?:quick\s+)?update)\b)"
    # the writer in a note to forward: "Sam is a nurse who would love to be considered..."
    r"|\bwho(?:\s+would|'d)\s+(?:really\s+|also\s+)?(?:love|like|welcome|be\s+(?:glad|happy"
    r"|keen|thrilled|delighted|grateful))\b"
    # an offer of my work: "I'm also happy to do a trial project for your team", "count me in"
    r"|\bi(?:'m|\s+am|'d\s+be|\s+would\s+be)\s+(?:also\s+|more\s+than\s+|very\s+)?(?:happy|glad"
    r"|willing|keen|eager)\s+to\s+(?:do|take\s+on|work|help|start|join|try)\b|\bcount\s+me\s+in\b",
    re.IGNORECASE,
)


#: Where a sentence turns: "I know your team is hiring, but I'm after advice".
_CLAUSE_TURN = re.compile(
    r"\s*(?:,\s*)?\b(?:but|although|though|whereas|while|so|because|since)\b|[;:\u2014\u2013]"
    r"|\s*,?\s*\band\s+(?=(?:i|i'd|i'm|i've|i'll|we|we'd|would)\b)"
    r"|\s-\s",
    re.IGNORECASE,
)
_POLITE = re.compile(
    r"\b(?:could|would|can|will|might|may)\s+(?:you|u|your\s+\w+|anyone|someone)\b"
    r"|\b(?:please|let\s+me\s+know|any\s+chance|wonder\w*|grateful|appreciate"
    r"|mind)\b|\bif\s+(?:you|your|there|anything|something|a|an|any|one)\b"
    r"|\b(?:hope|hoping)\s+(?:you|your|that)\b|\bfingers\s+crossed\b"
    # a suggestion: "you could just pass my details to..."
    r"|\byou\s+(?:could|might)\s+(?:just\s+|also\s+|perhaps\s+|maybe\s+)?(?!have\b|be\b)\w+"
    r"|\b(?:could|might)\s+(?:really\s+)?(?:use|do\s+with)\s+(?:someone|somebody|another|more|people)\b"
    # "a word from you would help", "it would mean a lot"
    r"|\bgo\s+a\s+long\s+way\b|\bcount\w*\s+on\s+(?:you|your)\b"
    r"|\b(?:would|could|might)\s+(?:really\s+|so\s+)?(?:help|mean|be\s+(?:\w+ly\s+)?(?:great|wonderful|amazing|gold|golden|a\s+dream"
    r"|an?\s+honou?r|a\s+privilege|incredible|fantastic|brilliant|a\s+(?:huge\s+|big\s+)?help"
    r"|much\s+appreciated|appreciated))\b",
    re.IGNORECASE,
)


#: Wondering about a wh-question is curiosity, not a polite request ("I wonder if you
#: could..." stays one).
_CURIOUS = re.compile(r"\bwonder\w*\s+(?:what|how|why|which|where|who|when)\b", re.IGNORECASE)


def _asks(sentence: Sentence, at: int) -> bool:
    """Whether the clause of the sentence with the match (body offset ``at``) asks or
    wants something: a question, a polite request, an imperative, a want of the
    sender's. "She gave me a referral for the contract role" is news and "I know your
    team is hiring, but I'm after advice" a remark; "could you refer me?" is an ask."""
    text = sentence.text
    offset = at - sentence.start
    cuts = [0, *(m.end() for m in _CLAUSE_TURN.finditer(text) if m.end() <= offset)]
    begin = max(cuts)
    later = [m.start() for m in _CLAUSE_TURN.finditer(text) if m.start() > offset]
    end = min(later) if later else len(text)
    clause = text[begin:end]
    if "?" in text[begin:] and not later:
        return True
    if begin == 0 and sentence.is_question:
        return True
    polite = _CURIOUS.sub(" ", clause)  # "it made me wonder what she looks for": curiosity
    if _POLITE.search(polite) or _WANT.search(clause) or _HOPED.search(clause):
        return True
    turn = next((m for m in _CLAUSE_TURN.finditer(text) if m.end() == begin), None)
    if turn is not None and _PURPOSE.match(text[turn.start() :]):
        # the purpose of an ask: "I'd love an introduction to Omar so he can bring me on"
        ask = text[: turn.start()]
        if "?" in text or _POLITE.search(ask) or _WANT.search(ask):
            return True
    if turn is not None and re.match(r"\s*,?\s*and\b", turn.group(0), re.I):
        # one subject, two wants: "I'd love for him to know I'm available and would start
        # tomorrow"
        ask = text[: turn.start()]
        if re.match(r"\s*would\b", clause, re.I) and _WANT.search(ask):
            return True
    words = re.findall(r"[A-Za-z']+", clause)
    return bool(words) and words[0].lower() in _IMPERATIVE


#: A purpose clause: "so he can...", "so that she could...", "so I can...".
_PURPOSE = re.compile(
    r"\s*,?\s*so\s+(?:that\s+)?(?:he|she|they|you|i|we|[A-Z]\w+)\s+(?:can|could|will|would"
    r"|might|may)\b",
    re.IGNORECASE,
)
#: A hope for the sender said of someone else: "he might have something for me".
_HOPED = re.compile(
    r"\b(?:he|she|they|you)\s+(?:might|may|could)\s+(?:\w+\s+)?(?:have|know|find|hear)\b"
    r"|\b(?:he|she|they)\s+(?:might|may|could)\s+be\s+able\s+to\b"
    # "a quick intro might turn into some paid work", "if he vouches for me"
    r"|\b(?:might|could|may)\s+(?:turn|lead|become|open)\s+(?:into|to|up)\b|\bif\s+(?:he|she|they)\b"
    # what the person introduced would do, hoped: "ideally she'd shortlist me", "he might
    # be willing to put me forward"
    r"|\bideally\b|\b(?:he|she|they)(?:'d|\s+(?:might|may|could|would)\s+be\s+(?:willing|happy"
    r"|glad|open|prepared)\s+to)\b",
    re.IGNORECASE,
)


_NOT_FOR_ME = frozenset(
    {
        "a",
        "an",
        "some",
        "any",
        "few",
        "good",
        "great",
        "one",
        "two",
        "three",
        "several",
        "what",
        "which",
        "where",
        "how",
        "books",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "people",
        "resources",
        "courses",
        "tools",
    }
)
_NOUN_LEMMAS = frozenset({"opening", "position", "vacancy", "job", "internship", "role"})
_WH = frozenset({"how", "what", "why", "when", "where", "which"})
#: Where a place or a seat is not a post: a class, a trip, a table.
_LEISURE = frozenset(
    {
        "class",
        "course",
        "workshop",
        "lesson",
        "session",
        "seminar",
        "trip",
        "tour",
        "bus",
        "minibus",
        "car",
        "table",
        "retreat",
        "club",
        "choir",
        "event",
        "dinner",
        "hike",
        "camp",
        "festival",
        "concert",
        "screening",
        "boat",
        "tasting",
        # not a workplace but their time: "if anything opens up in your schedule"
        "schedule",
        "diary",
        "calendar",
        "agenda",
    }
)


def _guarded(sentence: Sentence, first: int, last: int) -> bool:
    """Whether a match still reads as a job ask in its sentence: "recommend me" must be
    "me" (not "what would you recommend I focus on") and not "recommend me a book";
    hiring asked about with "how"/"what" is a question about their process; a mention
    of open roles in a statement ("your post on open roles") asks for nothing."""
    tokens = sentence.tokens
    lemmas = [t.lemma for t in tokens[first : last + 1]]
    if {"spot", "seat", "place", "room", "space", "open", "opening"} & set(lemmas) and _LEISURE & {
        t.lemma for t in tokens
    }:
        return False  # "if a place opens up in your joinery class": a class, not a job
    if (
        lemmas[0] in {"refer", "recommend", "endorse", "nominate", "sponsor", "champion", "back"}
        and len(lemmas) > 1
    ):
        if tokens[first + 1].lower not in {"me", "my"}:
            return False
        after = tokens[last + 1].lower if last + 1 < len(tokens) else ""
        if after in _NOT_FOR_ME:
            return False
    if (
        {"hire", "look", "recruit", "work", "freelance", "join", "apply", "fit", "get", "break"}
        & set(lemmas)
    ) and any(t.lower in _WH for t in tokens[:first]):
        return False  # "what does your team look for in analysts?": their process
    if (
        {"take", "bring"} & set(lemmas)
        and any(t.lower in _WH for t in tokens[:first])
        and not {"me", "my", "myself"} & {t.lower for t in tokens}
    ):
        return False  # "when does your team usually take on new graduates?": their process
    if first and tokens[first - 1].lower in {"your", "his", "her", "their"}:
        return False  # "how did you find your current role?": theirs
    if lemmas[-1] in _NOUN_LEMMAS and {"your", "his", "her", "their"} & {
        t.lower for t in tokens[max(first, last - 3) : last]
    }:
        return False  # "whether a master's helped you get your first role": theirs
    return not (set(lemmas) & _NOUN_LEMMAS and not _request_like(sentence))


#: What a job is called. A request of the contact, for the sender, that names one of
#: these asks them to act for the sender at work, however the verb is worded ("would you
#: submit me for the senior PM opening", "please ping me if you hear of a CSM opening",
#: "keep me in your thoughts when the team decides on the intern posting").
_POSTS = frozenset(
    {
        "opening",
        "position",
        "vacancy",
        "posting",
        "internship",
        "job",
        "role",
        "headcount",
        "placement",
        "apprenticeship",
        "interview",
        "gig",
    }
)
#: "freelance work", "overflow work": work given to the sender, a job ask too.
_WORK_KINDS = frozenset(
    {"freelance", "contract", "overflow", "extra", "paid", "consulting", "contracting", "side"}
)
#: A word just before the post that makes it theirs or only a topic: "your role", "his
#: job", "talk about product roles", "your move into a data role", "deciding between roles".
_NOT_AN_ASK_BEFORE = frozenset(
    {
        "your",
        "his",
        "her",
        "their",
        "its",
        "our",
        "about",
        "into",
        "on",
        "around",
        "regarding",
        "between",
        "from",
        "like",
        "informational",
        "info",
        # the sender's own post: "during my last posting", "my previous role"
        "during",
        "last",
        "previous",
        "former",
        "old",
        "mock",
        "practice",
        "first",
        "this",
    }
)
#: After the post: "the role of a data steward", "a role model", "role-play".
_NOT_A_POST_AFTER = frozenset({"of", "model", "models", "play", "-", "title", "description"})
_WH_CLAUSE = frozenset({"how", "what", "why", "when", "where", "which", "whether", "who"})
_FOR_ME = frozenset({"me", "my", "myself", "mine", "i"})


def _heard_of(tokens: tuple[Token, ...], begin: int, end: int) -> bool:
    """ "hear about an opening", "know of any roles": not a topic but news the sender
    wants passed on (only "about"/"of" after hear/know, with a/an/any, and no "your")."""
    words = [t.lower for t in tokens[begin:end]]
    if set(words) & (_NOT_AN_ASK_BEFORE - {"about", "of"}):
        return False
    for i, word in enumerate(words[:-1]):
        if word in {"about", "of"} and words[i + 1] in {"a", "an", "any", "anything"}:
            return begin + i > 0 and tokens[begin + i - 1].lemma in {"hear", "know"}
    return False


#: Where a noun phrase starts: a word before it that governs it.
_BOUNDARY = frozenset(
    {"for", "to", "at", "with", "in", "by", "and", "or", "me", "i", "any", "if", "that", "who"}
)


def _a_vacancy(before: list[str]) -> bool:
    """ "meet me about a position", "talk to you about the opening": "about" a vacancy,
    not about a kind of work ("about product roles", "about your role")."""
    return (
        len(before) >= 2
        and before[-1] == "about"
        and before[-2] in {"a", "an", "any", "the"}
        and not set(before) & {"your", "his", "her", "their", "typical", "kind", "sort"}
    )


def _post_at(sentence: Sentence) -> int | None:
    """The index of the first word in ``sentence`` that names a job the sender could be
    given (not theirs, not a topic, not "role of"), or None."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        named = token.lemma in _POSTS or token.lower in {"posting", "postings"}
        paid = token.lemma in {"work", "project", "contract"}  # "freelance projects"
        if not named and not (paid and i and tokens[i - 1].lower in _WORK_KINDS):
            continue
        after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if after in _NOT_A_POST_AFTER:
            continue
        # the words of its noun phrase and the word that governs it, back to a boundary:
        # "your current role" is theirs, "for future openings" is wanted
        before = []
        for prev in reversed(tokens[max(0, i - 4) : i]):
            if not prev.is_word:
                break
            before.append(prev.lower)
            if prev.lower in _BOUNDARY or prev.lower in _NOT_AN_ASK_BEFORE:
                break
        topic = set(before) & _NOT_AN_ASK_BEFORE
        if topic and not _heard_of(tokens, i - len(before), i) and not _a_vacancy(before):
            continue
        return i
    return None


#: The people who decide on a hire, as lemma text.
_GATEKEEPER = lemma_patterns(
    r"\b(?:hire|hiring) (?:manager|team|panel|committee|decision|lead|partner)\b",
    r"\b(?:recruiter|recruiting|recruitment|hr|human resource|talent|decision-maker"
    r"|decision maker)\b",
    r"\bthe panel\b",
    r"\bwhoever (?:handle|run|do|oversee|manage|lead|decide on|look after|be in charge of)"
    r" (?:the )?(?:\S+ ){0,2}(?:hire|hiring|recruit|recruitment|recruiting|scheme|programme|program"
    r"|intake|internship)\b(?! process)",
)


#: Who is asked (or hoped) to act: the contact, or the person they would introduce ("I'm
#: hoping she'll fast-track my application").
_SOMEONE_ACTS = (
    r"\b(?:you|your|please)\b|\b(?:she|he|they)(?:'ll|\s+(?:will|would|could|can|might|may))\b"
)


def _request_about_my_application(sentence: Sentence) -> tuple[int, int] | None:
    """A request about my application that is not for advice: "any help getting my
    application noticed", "make sure my application gets read"."""
    found = re.search(r"\bmy\s+(?:\w+\s+)?(?:application|candidacy)\b", sentence.text, re.I)
    if found is None:
        return None
    at = sentence.start + found.start()
    if _ADVICE_ASKED.search(sentence.text) or negated(sentence, at):
        return None
    if re.search(_SOMEONE_ACTS, sentence.text, re.I) is None and not re.search(
        r"\b(?:any|some)\s+help\b", sentence.text, re.I
    ):
        return None
    if _asks(sentence, at) or sentence.is_question:
        return at, sentence.start + found.end()
    return None


#: What of mine could be put in front of the people who hire.
_MY_PAPERS = re.compile(
    r"\bmy\s+(?:\w+\s+)?(?:cv|r[ée]sum[ée]|application|name|details|portfolio|profile|letter)\b",
    re.IGNORECASE,
)


#: My papers handed on to someone who hires, or kept on top: "could you pass it along to
#: the R&D lead", "could you get it in front of your sales manager", "might you bring my
#: name up with the director", "ask him to keep my name at the top of the pile".
_PAPERS_ON = re.compile(
    r"\b(?:pass|forward|send|give|hand|get|put|show|share|take|drop|slip|walk|bring|brought"
    r"|mention|raise|float)\w*\b[^.?!]{0,40}?"
    r"\b(?:to|in\s+front\s+of|along\s+to|on\s+to|over\s+to|with)\s+(?:your|the|a|an|their|his|her)"
    r"\s+(?:[\w&-]+\s+){0,3}?(?:manager|boss|director|lead|head|supervisor|chief|partner"
    r"|recruiter|hr|hiring\s+\w+)\b"
    r"|\bkeep\s+my\s+(?:name|cv|r[ée]sum[ée]|details|application)\s+(?:at\s+the\s+top|on\s+top"
    r"|on\s+file|on\s+(?:the|your)\s+(?:list|pile|shortlist|desk))\b",
    re.IGNORECASE,
)


def _papers_to_boss(sentence: Sentence) -> tuple[int, int] | None:
    """A request to hand my CV (named in the sentence) to someone who hires."""
    if not _MY_PAPERS.search(sentence.text):
        return None
    for match in _PAPERS_ON.finditer(sentence.text):
        start = sentence.start + match.start()
        if negated(sentence, start) or not (_asks(sentence, start) or sentence.is_question):
            continue
        return start, sentence.start + match.end()
    return None


def _request_to_gatekeeper(sentence: Sentence, *, applying: bool = True) -> tuple[int, int] | None:
    """A request of the contact about me and the people who hire: "could you forward my
    cover letter to HR", "check whether my application reached the hiring manager", "say
    good things about me to the panel". Not "what does your recruiter look for" (their
    process), nor "your advice as a former recruiter" (the contact is one). An
    introduction to a recruiter counts only from someone ``applying``: otherwise it is
    to hear about the work ("Farah, the recruiter who started out as a chemist")."""
    lowers = [t.lower for t in sentence.tokens]
    intro_only = (
        not applying
        and not _MY_PAPERS.search(sentence.text)
        and any(True for _ in lemma_matches(sentence, _INTRO_ASKED))
    )
    if not {"me", "my", "myself"} & set(lowers):
        return None
    if not re.search(r"\b(?:you|your|please)\b", sentence.text, re.IGNORECASE):
        return None
    for start, end, first, _last in lemma_matches(sentence, _GATEKEEPER):
        before = lowers[max(0, first - 3) : first]
        if "as" in before or "a" in before[-1:] or "former" in before:
            continue  # "as a former recruiter": the contact is one
        if intro_only and not {"who", "whoever"} & set(lowers[max(0, first - 4) : first + 1]):
            continue  # not "whoever leads graduate recruitment", a person who is one
        if {"in", "into"} & set(before[-2:]) and not _MY_PAPERS.search(sentence.text):
            continue  # "people who work in HR", "her move into recruitment": a field of work
        if any(w in {"how", "what", "why", "when", "where"} for w in lowers[:first]):
            continue
        if negated(sentence, start):
            continue
        if _asks(sentence, start) or sentence.is_question:
            return start, end
    return None


#: A request for advice or information, not for an act: "your advice on what to practise".
_ADVICE_ASKED = re.compile(
    r"(?<!in\s)\b(?:your|any|some|a\s+few|the)\s+(?:\w+\s+)?(?:advice|tips?|thoughts|perspective"
    r"|views?|take|insights?|feedback|recommendations?|suggestions?|pointers?|guidance|opinion"
    r"|experience|story)\b"
    r"|\b(?:on|about|tell\s+me|know|hear|learn|understand|ask\s+you)\s+(?:\w+\s+)?(?:what|how"
    r"|which|whether|why)\b",
    re.IGNORECASE,
)


def _request_for_post(sentence: Sentence) -> tuple[int, int] | None:
    """A request of the contact, for the sender (me/my, or "for the ... opening"), in a
    sentence naming a job: the body range of the post word."""
    at = _post_at(sentence)
    if at is None:
        return None
    tokens = sentence.tokens
    post = tokens[at]
    lowers = [t.lower for t in tokens]
    for_me = bool(set(lowers) & _FOR_ME)
    for_post = any(tokens[j].lower == "for" for j in range(max(0, at - 5), at))
    if not (for_me or for_post):
        return None
    if not re.search(r"\b(?:you|your|please)\b|\b(?:him|her|them)\s+to\b", sentence.text, re.I):
        return None  # a request of them, or of the person they would introduce
    if any(
        t.lower in _WH_CLAUSE
        and not (
            t.lower in {"when", "whenever", "whether"}
            and n
            and tokens[n - 1].lower in {"know", "me", "tell"}
        )
        for n, t in enumerate(tokens[:at])
    ):
        # "how did you land the role?", "what does the interview look like?" (but "let me
        # know when your team next posts a junior role" asks to be told)
        return None
    after = [t.lower for t in tokens[at + 1 :]]
    if (
        at + 1 < len(tokens)
        and tokens[at + 1].lemma in {"be", "have", "seem", "sound", "look", "treat", "suit", "go"}
        and {"you", "your"} & set(after)
        and not _FOR_ME & set(after)
    ):
        return None  # "I hope the new role is treating you well": theirs, the subject
    if negated(sentence, post.start):
        return None
    if _asks(sentence, post.start):
        return post.start, post.end
    # The post named in a remark, then a request in the same sentence: "I've seen the
    # intern posting, and I'd be grateful if you would keep me in your thoughts" asks them
    # to act for me; "I'm preparing for junior roles, and I'd love your advice on what to
    # practise" asks for advice.
    for turn in _CLAUSE_TURN.finditer(sentence.text):
        if sentence.start + turn.end() <= post.end:
            continue
        clause = sentence.text[turn.end() :]
        if not _asks(sentence, sentence.start + turn.end() + 1):
            continue
        if _ADVICE_ASKED.search(clause):
            return None
        if re.search(r"\b(?:me|my|myself)\b", clause, re.IGNORECASE):
            return post.start, post.end
    return None


#: (1) The sender says they are free for work: freelance now, a contract ending, capacity
#: from a date, between jobs, still hunting, a portfolio just updated.
_AVAILABLE = (
    *_JOB_HUNT,
    *lemma_patterns(
        r"\b(?:go|gan|gone|went|turn|become) (?:[\w'-]+ )?(?:freelance|self-employed|independent"
        r"|solo|contract)\b",
        r"\bset (?:myself )?up (?:on my own|as (?:a|an) |in business)|\bgo it alone\b"
        r"|\bi(?:'m| be| am)"
        r" (?:now )?(?:a |an )?(?:freelance|freelancer|self-employed|freelancing)\b"
        r"|\bfreelancing\b|\b(?:i|i'm|i've) (?:[\w'-]+ ){0,3}freelance\b",
        r"\b(?:on the lookout|look|search|hunt) for (?:[\w'-]+ ){0,2}(?:work|job|role|position"
        r"|contract|gig|commission|opening)s?\b",
        r"\b(?:i|i'm|i've|i'll|we|we're) (?:[\w'-]+ ){0,3}take on (?:[\w'-]+ ){0,2}(?:work"
        r"|client|commission|project|booking|contract|job)s?\b",
        r"\b(?:i|i'll|i've|i) (?:[\w'-]+ ){0,2}(?:have|free up) (?:[\w'-]+ ){0,2}(?:capacity"
        r"|bandwidth)\b",
        r"\bmy (?:diary|calendar|schedule|book)s? (?:[\w'-]+ ){0,2}(?:open|free|clear|empty)\b",
        r"\bbetween (?:[\w'-]+ )?(?:job|contract|role|gig|position|charter|project|placement"
        r"|post|season|booking|commission)s?\b",
        r"\bmy (?:[\w'-]+ ){0,2}(?:contract|placement|internship|fellowship|visa|gig|residency"
        r"|secondment|post|posting|project|tour|season|term|job|role) (?:[\w'-]+ ){0,4}(?:end"
        r"|finish|wrap|run out|expire|dry up|close|be end|be finish|be up)\b",
        r"\bi(?:'m| be| am) (?:still |now |currently |actively )?(?:job )?(?:hunt|hunting"
        r"|job-hunting|job - hunting|search|searching)\b(?! (?:for|at|into|through|around)\b)",
        r"\b(?:update|refresh|polish|redo|rebuild) my (?:[\w'-]+ )?(?:portfolio|cv|resume"
        r"|résumé|showreel|reel|website)\b",
        r"\b(?:available|free) (?:from|after|for work|for hire|to start|for (?:[\w'-]+ ){0,3}"
        r"(?:work"
        r"|project|client|commission|contract|booking)s?)\b",
        r"\b(?:i|i've|i'm) (?:[\w'-]+ ){0,2}(?:qualify|qualified|certify|certified|license|licensed"
        r"|accredit|accredited|register|registered) (?:as|in)\b",
        r"\b(?:i|i've|i have) (?:[\w'-]+ ){0,2}free (?:week|month|day|weekday)s?\b",
        r"\b(?:i|i'm|i've) (?:[\w'-]+ ){0,2}(?:do|doing|pick up|picking up) (?:some |more )?"
        r"(?:[\w'-]+"
        r" )?(?:freelance|contract|consulting|temp|locum|agency|commission)\w* (?:[\w'-]+ )?(?:work"
        r"|job|gig|shift|project|commission)s?\b",
        # building a list of clients of my own: "I'm building up a list of small clients"
        r"\b(?:i|i'm|i've|we|we're) (?:[\w'-]+ ){0,2}(?:build\w*|grow\w*|find|look for|after|seek)"
        r" (?:up )?(?:[\w'-]+ ){0,4}(?:client|customer|commission|booking)s?\b",
    ),
)
#: ... and hopes the contact will pass work on, tell of openings or think of them: "send
#: anything my way", "any leads are welcome", "pass along anything that could use a sound
#: engineer", "anything that might fit me", "steer any who need one towards me".
_PASS_IT_ON = (
    *_ANYTHING_FOR_ME,
    *lemma_patterns(
        r"\b(?:send|pass|steer|point|throw|forward|direct|put|refer|push) (?:[\w'-]+ ){0,5}"
        r"(?:my way|toward i|towards i|in my direction)\b",
        r"\b(?:pass|send|forward|put) (?:along|on) (?:anything|something|any|work|job|lead|client"
        r"|project|opportunit\w*)\b",
        r"\b(?:any|all|the odd) (?:job |work )?leads? (?:[\w'-]+ ){0,2}(?:welcome|appreciate"
        r"|gratefully|gold|help|great)\w*\b",
        r"\b(?:anything|something|work|project|job|role|brief|commission)s? (?:[\w'-]+ ){0,4}(?:fit"
        r"|suit|match) (?:i|my)\b",
        r"\b(?:think of|thought of|remember) i\b(?! as (?:a|an|your) (?!candidate|option|hire"
        r"|contractor|freelancer)\w)",
        r"\b(?:anyone|anybody|someone|somebody|who|that|if|should|when|whenever|in case) "
        r"(?!i |i'm |i've |i'd |we |we're )(?:[\w'-]+ ){0,5}(?<!\bon )(?<!\babout )(?:need|want"
        r"|could use|be short|short|find (?:itself|themselves"
        r"|yourself|yourselves) short|look for|be after|(?:be ready to |plan to |want to )?(?:add"
        r"|hire|take on|bring on|recruit|commission|use)) (?:of )?(?:a |an |another |extra |more"
        r" |some |any |one )?(?:[\w'-]+ ){0,2}?" + _PERSON,
        r"\b(?:a|an|one) (?:[\w'-]+ )?" + _PERSON + r" (?:down|short)\b",
        # a quote offered, a heads-up hoped for, my number passed on, their company crewing up
        r"\b(?:happy|glad|thrill|thrilled|delight|delighted|keen|love|like) to quote\b"
        r"|\bgive (?:you |they |them )?a quote\b",
        r"\ba head ?-? ?up\b",
        r"\b(?:pass|give|send|forward|share|hand) (?:on |along )?my (?:number|email|e-mail|card"
        r"|website|site|detail|contact)s?\b",
        r"\b(?:if|when|whenever|should) (?!i |i'm |we )(?:[\w'-]+ ){0,4}(?:crew|staff|cast)\w*"
        r" (?:up )?(?:for |the |a |an |their |its |your |up )",
        # their work taken on: "I could take it off your hands", "keep an ear out for me"
        r"\btake (?:[\w'-]+ ){0,3}off your hand\b"
        r"|\b(?:keep|kept) (?:a |your )?(?:ear|eye)s? (?:open"
        r"|out)\b",
    ),
)
#: An offer of me in the same breath as their need: "should the studio ever need another
#: pair of hands, you know where to find me".
_ME_OFFERED = re.compile(
    r"\byou\s+know\s+where\s+to\s+find\s+me\b|\b(?:i'm|i\s+am)\s+(?:only\s+|just\s+)?(?:an?\s+)?"
    r"(?:email|e-mail|message|call|phone\s+call|text|shout)\s+away\b"
    r"|\b(?:i'd|i\s+would|i'm|i\s+am|i'll|i\s+will)\s+(?:be\s+)?(?:\w+\s+)?(?:happy|glad|keen"
    r"|delighted|willing|available|free|thrilled|happily|gladly)\b|\bcount\s+me\s+in\b"
    r"|\b(?:i'd|i\s+would)\s+(?:love|like)\s+to\s+(?:help|step|pitch|work|crew|cover|fill)\b"
    r"|\bput\s+my\s+hand\s+up\b"
    # "give me a ring first, I'd be there the next morning"
    r"|\bgive\s+me\s+a\s+(?:ring|call|shout|bell|buzz)\b|\bi'd\s+be\s+there\b"
    r"|\b(?:i'm|i\s+am)\s+your\s+(?:man|woman|person|guy|girl|gal)\b"
    # a hope about me: "I hope my name will be at the top of your list"
    r"|\b(?:i\s+hope|i'm\s+hoping|i'd\s+love|i\s+would\s+love)\b.*\b(?:my\s+name|my\s+cv|think\s+of"
    r"\s+me|top\s+of\s+your\s+list)\b",
    re.IGNORECASE,
)


#: Help given, not work: a volunteer, a beta tester, a charity run.
#: Things passed on that are not work: "any good books on soil, send them my way".
_RESOURCES = frozenset(
    {
        "book",
        "article",
        "podcast",
        "paper",
        "link",
        "resource",
        "recipe",
        "photo",
        "picture",
        "video",
        "course",
        "event",
        "talk",
        "reading",
        "film",
        "song",
        "tip",
        "idea",
        "study",
        "report",
        "piece",
        "blog",
        "newsletter",
        "recommendation",
        "suggestion",
        "plot",
    }
)
_POST_WORDS = frozenset(
    {"job", "role", "position", "opening", "vacancy", "work", "client", "contract", "gig", "lead"}
)
_UNPAID = frozenset({"volunteer", "volunteering", "beta", "fundraiser", "unpaid"})


def _unpaid_help(m: Message, sentence: Sentence, first: int, last: int) -> bool:
    """A hand offered where the sentence, or the one before, says it is unpaid: "I
    volunteer at the food bank... if they ever need another pair of hands"."""
    if not {"need", "want", "hand", "help", "use"} & {
        t.lemma for t in sentence.tokens[first : last + 1]
    }:
        return False
    n = m.sentences.index(sentence)
    near = m.sentences[max(0, n - 1) : n + 1]
    return bool(_UNPAID & {t.lemma for s in near for t in s.tokens})


def _offers_self(m: Message) -> tuple[int, int] | None:
    """(1) The sender offers themselves for work and hopes to be thought of: free for work
    (``_AVAILABLE``) and a hope that work is passed on (``_PASS_IT_ON``), or their need
    and my offer in one sentence. Not "I've gone freelance" alone, nor "I'm free from
    March, so I'd love to visit the kiln"."""
    available = any(
        not negated(s, start) for s in m.sentences for start, *_ in lemma_matches(s, _AVAILABLE)
    )
    for n, sentence in enumerate(m.sentences):
        for start, end, first, _last in lemma_matches(sentence, _PASS_IT_ON):
            if negated(sentence, start) or _first_person_statement(sentence, first):
                continue
            if any(t.lower in _WH for t in sentence.tokens[:first]):
                continue  # "how do you find freelancers?": their process
            if _RESOURCES & {t.lemma for t in sentence.tokens} and not _POST_WORDS & {
                t.lemma for t in sentence.tokens
            }:
                continue  # "if you come across any good books on soil, send them my way"
            near = m.sentences[max(0, n - 1) : n + 1]
            if _UNPAID & {t.lemma for s in near for t in s.tokens}:
                continue  # "if you want a hand with the charity run, I'd volunteer"
            if available:
                return start, end
            # no word of being free for work: their need and my offer, in other words of
            # one sentence ("you know where to find me" alone offers nothing)
            offers = [
                (sentence.start + o.start(), sentence.start + o.end())
                for o in _ME_OFFERED.finditer(sentence.text)
            ]
            if any(e <= start or b >= end for b, e in offers):
                return start, end
    return None


#: Someone who could speak for me: "two people who can speak to my fieldwork".
_REFEREE_CONTEXT = re.compile(
    r"\b(?:referees?|references?|vouch\w*|recommendations?|speak\s+(?:to|for|about)\s+my"
    r"|(?:knows?|seen)\s+my\s+work|check\s+my"
    r"|(?:call|ring|contact|phone|e-?mail)\s+(?:\w+\s+){0,2}about\s+my)\b",
    re.IGNORECASE,
)
_NAME_YOU = re.compile(
    r"\b(?:(?:could|can|may|might|mind\s+if|ok\s+if|okay\s+if|all\s+right\s+if|alright\s+if)\s+"
    r"i|(?:i'd|i\s+would)\s+(?:love|like)\s+to)\s+(?:name|list|cite|put\s+down|put|give|add"
    r"|include|use|mention)\s+you\b"
    # "they've asked for two referees, and I'd be honoured if you'd be one"
    r"|\byou(?:'d|\s+would|\s+could|\s+might|'ll|\s+will)?\s+(?:\w+\s+)?(?:be|act\s+as|serve\s+as)"
    r"\s+one\b",
    re.IGNORECASE,
)


def _names_you_as_referee(m: Message) -> tuple[int, int] | None:
    """(3) "could I name you?" where the sentence, or the one before, is about someone
    to speak for me ("the fellowship asks for two people who can speak to my fieldwork")."""
    for n, sentence in enumerate(m.sentences):
        found = _NAME_YOU.search(sentence.text)
        if found is None:
            continue
        at = sentence.start + found.start()
        before = m.sentences[n - 1].text if n else ""
        if negated(sentence, at):
            continue
        if _REFEREE_CONTEXT.search(sentence.text) or _REFEREE_CONTEXT.search(before):
            return at, sentence.start + found.end()
    return None


def job_ask(m: Message, *, onward_intro: bool = True) -> tuple[int, int] | None:
    """The body range of the first job or referral ask in ``m``, if any. With
    ``onward_intro``, asking to be introduced onward counts when the message also says
    the sender is job hunting."""
    for sentence in m.sentences:
        for start, end, first, _last in lemma_matches(sentence, _OUTRIGHT):
            if negated(sentence, start):
                continue
            if _unpaid_help(m, sentence, first, _last):
                continue
            if _refer_in_past(sentence, first):
                continue
            if _first_person_statement(sentence, first) and not sentence.is_question:
                continue
            if not _guarded(sentence, first, _last):
                continue
            if not _asks(sentence, start):
                continue
            return start, end
    applying = any(
        not negated(s, start)
        for s in m.sentences
        for start, *_ in lemma_matches(s, (*_APPLYING, *_JOB_HUNT))
    )
    for sentence in m.sentences:
        at = (
            _request_for_post(sentence)
            or _request_to_gatekeeper(sentence, applying=applying)
            or _request_about_my_application(sentence)
            or _papers_to_boss(sentence)
        )
        if at is not None:
            return at
    at = _intro_to_be_hired(m) or _offers_self(m) or _names_you_as_referee(m)
    if at is not None:
        return at
    for sentence in m.sentences:
        for start, end, first, _last in lemma_matches(sentence, _OPENING_AND_ME):
            if negated(sentence, start):
                continue
            if sentence.tokens[first].lower in {"i", "i'm"} and not any(
                True for _ in lemma_matches(sentence, _A_WORKER_OR_POST)
            ):
                continue  # "if you ever need a lift to the airport, I'm your person": a favour
            return start, end
    if onward_intro:
        hunting = any(
            not negated(s, start) for s in m.sentences for start, *_ in lemma_matches(s, _JOB_HUNT)
        )
        if hunting:
            for sentence in m.sentences:
                if not _request_like(sentence):
                    continue
                for start, end, _first, _last in lemma_matches(sentence, _INTRO_ASK):
                    if not negated(sentence, start):
                        return start, end
    if any(not negated(s, start) for s in m.sentences for start, *_ in lemma_matches(s, _JOB_HUNT)):
        for sentence in m.sentences:
            lemmas = {t.lemma for t in sentence.tokens}
            if _RESOURCES & lemmas and not _POST_WORDS & lemmas:
                continue  # "any good books on soil, send them my way"
            for start, end, _first, _last in lemma_matches(sentence, _ANYTHING_FOR_ME):
                if _asks(sentence, start) and not negated(sentence, start):
                    return start, end
    return None


def asks_for_job(m: Message) -> list[Finding]:
    """``asks-for-job``: a job, an opening, hiring or a referral is asked for."""
    at = job_ask(m, onward_intro=m.kind != "intro-request")
    if at is None:
        return []
    words = m.text[at[0] : at[1]].strip()
    return [
        finding(
            m,
            "asks-for-job",
            f'It asks for a job or a referral ("{words}"); a message that asks them to act '
            "for you at work before they know you usually goes unanswered.",
            "Ask for their advice and their story instead; a referral comes later, once they "
            "know you.",
            at=at,
        )
    ]
