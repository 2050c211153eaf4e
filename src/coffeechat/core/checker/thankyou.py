"""The rules of a thank-you: thanks, one specific thing from the conversation (an
error without it: a thank-you that could go to anyone), and what you will do next."""

from __future__ import annotations

import re

from coffeechat.core.checker.base import (
    THANKS,
    Finding,
    Message,
    finding,
    thanking,
    thanks,
    their_words,
)
from coffeechat.core.datetext import BULLET
from coffeechat.core.message import compile_patterns, greeting_end

#: Things said in any thank-you: they name nothing from this conversation.
_GENERIC_OBJECT = (
    r"(?:(?:your|the|so\s+much|my|our)?\s*(?:valuable\s+|precious\s+|generous\s+)?(?:time|expertise"
    r"|insights?|knowledge|experience|wisdom|thoughts|advice|perspective|story|help|support"
    r"|guidance|chat|conversation|call)"
    r"(?:\s+with\s+me)?(?:\s+(?:so\s+)?(?:openly|freely|generously|honestly|candidly|kindly))?"
    r"\s*(?:[.!,;]|$|and\b|today|yesterday|earlier|this\s+week|last\s+week|with\s+me)"
    r"|to\s+heart|over\s+the|stuck|resonated|helped|meant|mattered|was|were|is|really\s+\w+"
    # "you gave me plenty to think about", "...so much food for thought"
    r"|(?:things|everything|it\s+all|it|so\s+much)\s*(?:[.!,;]|$|so\s+\w+|with\s+me\b)"
    # "a clearer picture of the field", "some great ideas to consider"
    r"|(?:a\s+)?(?:\w+\s+)?(?:picture|sense|idea|understanding|view|overview)\s+of\s+(?:the|your|my"
    r"|what|how)\s+(?:\w+\s+)?(?:field|industry|role|job|work|company|career|path|options|sector"
    r"|things|it\s+(?:is|looks)|realities|reality|ups|highs|day-to-day|world|life)\b"
    r"|(?:some|a\s+few|lots\s+of|many|so\s+many)\s+(?:\w+\s+)?(?:ideas|tips|pointers|suggestions"
    r"|things|thoughts)\s*(?:to\s+(?:consider|think\s+about|chew\s+on|try)|[.!,;]|$)"
    r"|so\s+(?:clearly|well|patiently|kindly|openly)\b"
    # pointers not named: "a website and a couple of courses", "some people on your team"
    r"|(?:a|an|some|a\s+couple\s+of|a\s+few|two|three|several)\s+(?:[\w-]+\s+)?(?:websites?"
    r"|sites?|courses?|books?|people|names?|resources?|podcasts?|tools?|places?|companies"
    r"|programs?|programmes?|articles?|newsletters?|apps?|contacts?)\b"
    r"(?![^.!?\n]*?\s(?-i:[A-Z][a-z])|\s+(?:called|named|by|like|such))"
    r"|(?:plenty|a\s+lot|lots|so\s+much|much|a\s+great\s+deal)\s+(?:of\s+\w+\s+)?(?:to\s+(?:think"
    r"|reflect|chew)\s+(?:about|on|over)|to\s+consider)|(?:so\s+much\s+|real\s+)?food\s+for\s+thought)"
)
#: What a conversation is about in general: "the one about the industry".
_GENERIC_TOPIC = (
    r"(?:(?:the|this|your|my|our|all|what)\s+)?(?:industry|field|company|role|job|work|career"
    r"|business|things|everything|sector|market|space|world|life|future|path|journey|options"
    r"|it|this|that|time|chat|conversation|call|talk|day-to-day|ups|realities|reality|whole"
    r"|experience|story|background)\b"
)
#: After "that", words that do not begin a retold claim: "the one thing that stuck",
#: "that it was great" is praise, "the bit where you talked about your career" is not a point.
_NOT_A_CLAUSE = (
    r"(?:stuck|stood|stayed|struck|resonated|really|i|it|was|is|were|are|made|helped|meant"
    r"|mattered|came|you\s+(?:took|made|gave|spent|found|were|are|had|have|would|'d|did|could"
    r"|shared|offered)|you\s+(?:talked|spoke|chatted|went\s+on|told\s+me)\s+about\s+"
    + _GENERIC_TOPIC
    + r")\b"
)
#: Said of something generic (after "how", "that"...): "I'll remember how kind you
#: were", "I can't believe you took the time", "I keep thinking about our chat".
_GENERIC_MEMORY = (
    r"(?:(?:much|many|generous|kind|open|helpful|patient|honest|candid|lucky|quickly|fast"
    r"|easy|well|welcoming|warm|friendly|approachable|down-to-earth|passionate)\b"
    r"|you\s+(?:took|made|gave|spent|found|were|are|had|have|would|'d|did|could"
    r"|shared|offered|agreed)|all\b|everything|our\s+|what\s+a\b|"
    r"(?:the|your)\s+(?:\w+\s+)?(?:time|conversation|chat|call|talk|advice|insights?|hour"
    r"|afternoon|morning|evening|lunch|coffee|kindness|generosity|words|help|story|perspective"
    r"|honesty|openness|encouragement|support|experience|expertise|wisdom)\b|"
    + _GENERIC_TOPIC
    + r")"
)
_TAKEAWAY = compile_patterns(
    # a retold point, whatever it is called: "the bit about the first on-call rota", "the
    # heads-up that export roles never go through agencies", "especially the one about
    # passing Exam P", "the walkthrough of how you catch duplicate surcharges"
    r"\b(?:the|your|that|this|one|a)\s+(?:[\w-]+\s+){0,2}?(?:bit(?!\s+of\s+an?\b)|part|heads-up|heads\s+up|fact"
    r"|detail|one|lesson|rule|note|news|claim|nugget|gem|piece|titbit|tidbit|walkthrough"
    r"|walk-through|explanation|breakdown|description|demo|demonstration|tour|account|rundown"
    r"|anecdote|caution|caveat|number|figure|statistic|stat)s?\s+(?:(?:about|on|of|regarding"
    r"|concerning)\s+"
    r"(?:how|why|what|where|when|whether)\s+(?!much\b|many\b|" + _NOT_A_CLAUSE + r")"
    r"|(?:about|on|of|regarding|concerning)\s+(?!how|why|what|where|when|whether|"
    + _GENERIC_TOPIC
    + r")"
    r"|(?:that|where|when|how)\s+(?!" + _NOT_A_CLAUSE + r"))\w",
    # advice retold as a claim: "the tip that ward managers read cover letters last"
    r"\b(?:the|your|that|this|one|a)\s+(?:[\w-]+\s+){0,2}?(?:advice|suggestion|tip|idea|insight"
    r"|point|warning|reminder|example|observation|comment|remark|recommendation)s?\s+that\s+"
    # ("your advice that I should first join the contractor pool": what I should do)
    r"(?:i\s+(?:should|could|must|need|ought|might|shouldn't|can)\b|(?!" + _NOT_A_CLAUSE + r")\w)",
    # a fact remembered or hard to believe, with the fact: "I'll remember how you plan the
    # proofing backwards", "I wouldn't have guessed that most of your engineers came in on
    # contracts", "I still can't believe the Gayo lot was rejected"
    r"\b(?:remember|recall|(?:can't|cannot|can\s+not|couldn't|could\s+not)\s+(?:quite\s+)?believe"
    r"|(?:wouldn't|would\s+not|would\s+never|never\s+would|i'd\s+never|i'd\s+not)\s+have"
    r"\s+(?:guessed|known|thought|expected|imagined|predicted|realised|realized|spotted|noticed"
    r"|seen|caught)|(?:keep|kept)\s+(?:coming\s+back\s+to"
    r"|thinking\s+(?:about|of)|going\s+back\s+to)|still\s+thinking\s+(?:about|of)"
    r"|(?:was|am)\s+(?:so\s+|really\s+)?(?:struck|surprised|amazed|stunned|shocked)\s+(?:by|that|to"
    r"\s+(?:hear|learn)))\s+(?>(?:(?:that|how|why|where)\s+)?)(?!" + _GENERIC_MEMORY + r")"
    r"\w+\s+\w",
    # how it works there, retold: "because that's how the yard decides who gets put
    # forward" (not "that's how the industry works")
    r"\b(?:that's|that\s+is|which\s+is|this\s+is)\s+(?:how|why)\s+(?:the|a|an|most|every|they)\s+"
    r"(?!(?:industry|world|field|business|sector|job|market)\s+(?:works|goes|is)\b)"
    r"[\w-]+\s+(?:[\w-]+\s+){0,2}?(?!works\b|goes\b|is\b)[a-z]+s?\s+\w+",
    # advice noted after "got it:", "noted:", "lesson learned:"
    r"\b(?:got\s+it|noted|lesson\s+(?:learned|learnt)|message\s+received|understood)\s*[:\u2013\u2014-]"
    r"\s*(?!thanks|thank)[a-z]+\s+\w+\s+\w+\s+\w+",
    # "good to know that the certification matters less than a public project"
    r"\b(?:good|useful|helpful|interesting|reassuring|surprising|great|fascinating|eye-opening"
    r"|encouraging|valuable)\s+to\s+(?:know|hear|learn|see|find\s+out|realise|realize)\s+"
    r"(?:that|how(?!\s+(?:things|it|everything|stuff)\s+(?:work|works|worked|go|goes|run|runs)\b)|why|what|which|about\s+(?!(?:the\s+|your\s+|my\s+)?(?:[\w-]+\s+)?(?:industry"
    r"|field|company|role|job|work|career|business|sector|journey|path|story|experiences?"
    r"|background|life|day|days|time|team|progress|plans?|goals?|options|future|everything"
    r"|things|situation|growth|development)\b))",
    # "your honesty about the long hours", "your warning on scope creep": any quality or
    # remark of theirs on a topic that is not their field or my career in general
    r"\byour\s+(?!(?:time|help|generosity|kindness|patience|support|call|chat|company"
    r"|availability|schedule|day|week|team|firm|office)\b)[a-z-]+\s+(?:about|on|regarding"
    r"|around)\s+(?!(?:(?:my|your|the|our|all)\s+)?(?:career|careers|future|next|industry"
    r"|field|job|jobs|work|role|path|options|goals?|plans?|search|journey|situation|questions?"
    r"|background|development|growth|profession|prospects|company|sector|business|everything"
    r"|things|it|this|that|monday|tuesday|wednesday|thursday|friday|saturday|sunday|phone"
    r"|call|zoom|video|chat|behalf|time|ups|highs|pros|good|realities|reality|challenges"
    r"|rewards|world|life|lifestyle|culture|day-to-day|whole|everyday)\b)\w",
    r"\byour\s+(?:[\w-]+\s+){0,2}(?:advice|suggestion|tip|idea|point|recommendation|insight"
    r"|story|explanation|comment|take|thoughts?|perspective|description|framework|example"
    r"|line|reminder|warning|observation|breakdown|question|analogy|rule|trick|framing|view"
    r"|comparison|metaphor)s?\s+(?:(?:on|about|to|regarding|of|for|around)\b"
    r"(?!\s+(?:the\s+|this\s+|your\s+)?(?:industry|field|company|role|job|work|career|business"
    r"|things|everything|sector|market|space)\b)|that\s+(?!" + _NOT_A_CLAUSE + r")\w)"
    # taken to heart, put to use: what is done with it, not what it was
    r"(?!\s+(?:heart|practice|use|good\s+use|work)\b)",
    r"\b(?:when|where|how)\s+you\s+(?:mentioned|said|talked|described|explained|suggested"
    r"|told|recommended|pointed|shared|walked|put\s+it|called|meant)\b",
    r"\bwhat\s+you\s+(?:said|shared|told\s+me|mentioned|explained|described)\s+(?:about"
    r"|on|regarding)\b",
    r"(?<!everything\s)(?<!anything\s)(?<!all\s)\byou\s+(?:also\s+|really\s+)?(?:mentioned|said|suggested|recommended|pointed\s+out"
    r"|explained|told(?:\s+me)?|described|shared|noted|advised|emphasi[sz]ed|showed|walked\s+me"
    r"|talked\s+(?:me\s+)?(?:through|about)|gave\s+me|taught\s+me|went\s+through|broke\s+down"
    r"|laid\s+out|stressed|highlighted|encouraged\s+me|urged|warned|reminded\s+me|compared"
    r"|offered|introduced|connected|put\s+me\s+in\s+touch|flagged|clarified|pointed\s+me"
    r"|mentionned|mentoined)\b(?!\s*[.!,;]|\s+" + _GENERIC_OBJECT + r")",
    r"\b(?:hear|hearing|heard|learn|learning|learned|learnt|understand|understanding|seeing"
    r"|knowing)\s+(?:about\s+|more\s+about\s+)?(?:how|why|what|where|when)\s+(?:you|your)\b",
    r"\b(?:hear|hearing|heard|learning|learned|learnt)\s+about\s+your\s+(?:[\w-]+\s+){0,2}"
    r"(?:move|switch|transition)\s+(?:from|into|to)\b",
    r"\bfor\s+(?:\w+\s+)?(?:recommending|suggesting|pointing\s+me|introducing|connecting\s+me"
    # an offer to introduce counts with the person named: "offering to introduce me to
    # Dana Ruiz" (not "to your colleague")
    r"|offering\s+to\s+(?:introduce|connect)(?=[^.!?\n]*?\s(?-i:[A-Z][a-z]))|explaining"
    r"|walking\s+me|telling\s+me\s+about"
    r"|sharing\s+(?:how|why|what|your\s+(?!(?:knowledge|expertise|insights?|time|experience"
    r"|wisdom|story|thoughts)\b)(?:[\w-]+\s+){0,2}(?:on|about|of)\b))",
    r"\boffering\s+to\s+(?:introduce|connect)\b(?=[^.!?\n]*?\s(?-i:[A-Z][a-z]))",
    r"\bthe\s+(?:[\w-]+\s+)?(?:tip|advice|suggestion|idea|point|story|recommendation|pointer"
    r"|reminder|warning|example|question)\s+(?:about|on|to|that|regarding|of)\b",
    r"\b(?:learning|hearing|finding\s+out|learned|learnt|heard|realising|realizing|knowing"
    r"|seeing)\s+that\b",
    r"\b(?:hadn't|had\s+not|never|didn't|did\s+not)\s+(?:\w+\s+)?(?:realised|realized|known"
    r"|thought\s+(?:about|of)|considered|occurred)\b",
    r"\bsurprised\s+(?:me|to\s+(?:hear|learn))\b",
    # what they said, heard: "it helped to hear that...", "hearing you describe the night..."
    r"\bto\s+(?:hear|learn|know|find\s+out|realise|realize)\s+that\b",
    r"\b(?:hearing|heard|watching|seeing|listening\s+to)\s+you\s+(?:describe|explain|talk|tell"
    r"|walk|say|recount|go\s+through|break\s+down)\b",
    r"\byou\s+(?:made|helped|got)\s+me\s+(?:to\s+)?(?:realise|realize|see|understand|notice"
    r"|reconsider|rethink)\s+(?!(?:things|everything|it|that|the\s+(?:bigger|big)\s+picture)\b)"
    # (not the sender's own wish: "made me realise that what I actually want is...")
    r"(?!that\s+(?:what\s+)?(?:i|i'm|i'd|my)\b)\w",
    # a fact that was news to me: "I had no idea that a third of the readings get dropped"
    r"\b(?:had\s+no\s+idea|didn't\s+know|did\s+not\s+know|never\s+knew|wasn't\s+aware"
    # "I hadn't heard of the council's planning cadetship, where they pay your fees..."
    r"|was\s+not\s+aware|(?:hadn't|had\s+not|had\s+never|'d\s+never|never)\s+(?:even\s+)?heard"
    r"\s+of\s+(?:the|a|an|[A-Z])\w*(?:\s+[\w'’-]+){2})\b(?!\s+(?:so\s+much|how\s+much\s+I\s+didn't|what\s+to\s+expect)\b)",
    # how they did something: "the way you framed a first pricing test"
    r"\bthe\s+way\s+you\s+(?:\w+\s+){0,2}?\w+(?:ed|t)\s+(?!(?:things|everything|it|that"
    r"|me|your\s+(?:time|story|experience|expertise))\s*[.!,;]|things|everything)\w",
    # "Two things you said stay with me: that a portfolio should show..."
    r"\b(?:things?|points?|ideas?|lessons?|tips?)\s+you\s+(?:said|mentioned|shared|made|gave\s+me"
    r"|told\s+me)\b[^.!?\n]{0,40}:\s*(?:that\s+)?\w+\s+\w+\s+\w+",
    r"\b(?:things?|points?|ideas?|lessons?|tips?)\s+(?:\w+\s+)?(?:stuck|stood\s+out|stayed"
    r"|resonated)\s*(?:with\s+me)?\s*:",
    r"\b(?:as|like|the\s+way)\s+you\s+(?:suggested|recommended|advised|said|mentioned|put\s+it)"
    r"\b(?!\s*[,:]?\s*(?:it\s+all|it's\s+all|everything|all\s+of\s+it)\b)",
    # what was news, with its object: "I hadn't expected the role to be half travel"
    r"\b(?:hadn't|had\s+not|never|didn't|did\s+not)\s+(?:\w+\s+)?(?:expected|connected|linked"
    r"|noticed|appreciated|pictured|imagined)\s+(?!(?:it|this|that|to|how\s+much|so|much|you"
    r"|anything|everything|things)\b)\w+",
    # what stayed with me, and what it was: "what stuck with me is how you got in"
    r"\bwhat\s+(?:\w+\s+)?(?:stays|stayed|stuck|sticks|stands\s+out|stood\s+out|struck\s+me"
    r"|strikes\s+me)\s+(?:with\s+me\s+)?(?:most\s+)?(?:is|was)\s+(?:how|that|when|why|where)\b",
    # their suggestion as the subject: "Asking the depot for a shadow shift is exactly the
    # push I needed" (not "Talking with you was what I needed")
    r"^(?!(?:talking|chatting|speaking|meeting|hearing|connecting|getting|having|being"
    r"|learning|listening)\b)[a-z]+ing\s+(?:[\w'-]+\s+){3,}(?:is|was)\s+(?:exactly\s+|just"
    r"\s+|precisely\s+)?(?:the\s+[\w-]+|what)\s+i\s+needed\b",
    r"\b(?:following|followed|per|took|taken|taking|acted\s+on)\s+your\s+(?:advice|suggestion"
    r"|tip|recommendation)\b",
    r"\byou(?:'re|\s+were|\s+are)\s+(?:so\s+|absolutely\s+|completely\s+|totally\s+)?right"
    r"\s+(?:that|about)\b",
    r"\b(?:hearing|learning)\s+about\s+the\s+(?!(?:industry|field|company|role|job|work|career"
    r"|team|business|day-to-day|day\s+to\s+day|sector)\b)\w+",
    r"\bthe\s+(?:[\w-]+\s+){0,5}(?!(?:advice|insights?|knowledge|wisdom|time|things|stories"
    r"|story|experience|expertise|tips|help|support|guidance|thoughts|perspective|resources"
    r"|materials|links|pointers|ideas|suggestions|recommendations|encouragement|words"
    r"|feedback|information)\b)[\w-]+\s+"
    r"you\s+(?:recommended|mentioned|suggested|shared|pointed|sent"
    r"|named|listed|gave|described|showed|drew|flagged|told\s+me\s+about"
    # what they do, in the present: "the three questions you ask every candidate"
    r"|ask|use|run|give|recommend|suggest|follow|read|apply|teach|swear\s+by|rely\s+on"
    r"|look\s+for|screen\s+for|check|keep|start|do\s+with|swore\s+by|raved\s+about|love|loved"
    r"|use[ds]?|wrote|built|made|swear\s+by)\b",
    r"\bthe\s+(?:[\w-]+\s+){0,2}(?:book|course|podcast|article|resource|tool|site|website"
    r"|newsletter|meetup|community|framework|certification|repo|talk)\s+you\s+(?:\w+\s+)?"
    r"(?:recommended|mentioned|suggested|shared|pointed|sent|named)\b",
    r'"[^"\n]{3,}"',
    # what they said, set apart on a line of its own after a colon (as drafts do)
    r":[ \t]*\n(?:[ \t]*\n)?[ \t]*[^\s][^\n]{10,}",
)
_NEXT_ACTION = compile_patterns(
    r"\bi\s*(?:will|'ll|ll)\s+(?P<rest>.{0,60})",
    r"\b(?:i'm|im|i\s+am)\s+(?:going\s+to|gonna|planning\s+(?:to|on)|starting|about\s+to"
    r"|already|now|definitely|excited\s+to|keen\s+to|looking\s+forward\s+to\s+(?:reading"
    r"|trying|digging|putting|using|applying|starting|checking|reaching|following))\b"
    r"(?P<rest>.{0,40})",
    r"\b(?:i'm|im|i\s+am)\s+(?:\w+\s+)?(?!(?:looking|hoping|wondering|feeling|thinking|still"
    r"|going|planning|trying\s+to\s+stay)\b)\w+ing\b",
    r"\bi\s+(?:plan|intend|aim|want|mean|hope)\s+to\s+(?!stay\b|keep\s+in\b)",
    r"\bmy\s+(?:plan|next\s+step|goal|homework)\s+(?:is|for)\b",
    r"\bi(?:'ve|\s+have)\s+(?:already\s+|just\s+)?(?:enrolled|signed\s+up|ordered|applied"
    r"|started|reached\s+out|emailed|booked|registered|sent|updated|bought|added|bookmarked"
    r"|downloaded|begun|picked\s+up|joined|messaged|rewritten|set\s+up)\b",
    r"\bi\s+(?:already\s+|just\s+)?(?:ordered|enrolled|signed\s+up|registered|booked|bought"
    r"|started|joined|added|downloaded|reached\s+out|messaged)\b",
    r"\b(?:next\s+week|tomorrow|tonight|this\s+weekend|this\s+week)\s*,?\s+i\b",
    r"\b(?:can't\s+wait|eager|keen|excited)\s+to\s+(?:read|try|dig|look|check|start|apply"
    r"|reach|take|put|use|follow|sign)\b",
)
_VAGUE_FUTURE = re.compile(
    r"^(?:(?:definitely|certainly|surely)\s+)?(?:stay|keep|be)\s+in\s+touch|^keep\s+you\s+posted"
    r"|^talk\s+(?:to\s+you\s+)?soon|^see\s+you|^be\s+in\s+touch"
    # only thinking about it: "I'll keep everything you said in mind", "I'm going to
    # reflect on everything we discussed", "I'll be thinking about it all"
    r"|^(?:(?:be\s+sure\s+to|definitely|certainly|surely|really|carefully)\s+)*(?:be\s+)?"
    r"(?:(?:keep|keeping|bear|bearing)\s+(?:[\w']+\s+){0,5}?in\s+mind|remember\b"
    r"|(?:think|thinking|reflect|reflecting|mull|mulling|ponder|pondering)\s+(?:\w+\s+)?"
    r"(?:about|on|over)\s+(?:everything|it|all|this|that|what|our|your|things))"
    # time to think: "take some time to reflect", "think it all over"
    r"|^(?:\w+\s+){0,2}?(?:take|taking)\s+(?:some\s+|a\s+little\s+|the\s+)?time\s+to\s+(?:think"
    r"|reflect|digest|process|mull)"
    r"|^(?:\w+\s+){0,2}?(?:think|thinking|mull|mulling)\s+(?:it|this|that|everything)\s+(?:all\s+)?over"
    # taken to heart, like kept in mind: "I'll take your advice to heart"
    r"|^(?:\w+\s+){0,2}?(?:take|taking)\s+(?:[\w']+\s+){1,4}?to\s+heart\b"
    # something done to all of it, nothing named: "apply everything you said", "follow up
    # on everything we covered" (not "apply it to my transit project")
    r"|^(?:\w+\s+){0,2}?(?:apply|applying|put|putting|use|using|follow\s+up\s+on|act\s+on"
    r"|acting\s+on|implement|implementing|build\s+on|work\s+on)\s+(?:everything"
    r"|what\s+(?:i|we|you)\s+\w+|it\s+all|all\s+(?:of\s+)?(?:it|this|that))\b"
    # ...unless a thing of mine or a second step follows: "...to my portfolio review",
    # "...and send you my new draft"
    r"(?!.{0,60}?\b(?:(?:to|on|in|into|for)\s+(?:my|the|a|an|this|our)\s+(?!practice\b|heart\b)\w"
    r"|and\s+(?:then\s+)?(?!start\b|put\b|keep\b|stay\b|be\b)\w+\s+(?:you|my|a|an|the)\b))",
    re.IGNORECASE,
)


#: "you shared" after a generic thing ("the perspective you shared", "all the guidance
#: you offered") names nothing from the conversation, unless a topic follows it.
_GENERIC_HEAD = re.compile(
    r"\b(?:the|your|all\s+the|all|any|such)\s+(?:[\w-]+\s+){0,2}(?:perspectives?|guidance"
    r"|advice|insights?|time|knowledge|wisdom|experiences?|expertise|thoughts|tips|help"
    r"|support|stories|story|information|info|feedback|encouragement|ideas|pointers"
    r"|suggestions|recommendations|input|views|words|resources|materials|links|things)"
    r"\s+(?:that\s+|which\s+)?$",
    re.IGNORECASE,
)
#: A topic after the verb that is not their career or mine in general.
_TOPIC_AFTER = re.compile(
    r"^\s+(?:with\s+me\s+|me\s+)?(?:about|on|regarding|around|for|into)\s+"
    r"(?!(?:(?:my|your|the|our|all)\s+)?(?:career|careers|future|next|industry|field|job|jobs|work|role|path|options"
    r"|goals?|plans?|search|journey|situation|questions?|background|development|growth"
    r"|profession|prospects|company|sector|business|everything|things|it|this|that)\b)\w",
    re.IGNORECASE,
)


#: Which of ``_TAKEAWAY`` are "your <something> on|about <topic>".
_YOUR_ON = frozenset(i for i, p in enumerate(_TAKEAWAY) if p.pattern.startswith(r"\byour\s+"))
#: Those and "what you said about <topic>": a topic that may be only named and praised
#: ("What you said about salary negotiation was really useful").
_PRAISABLE = _YOUR_ON | frozenset(
    i for i, p in enumerate(_TAKEAWAY) if p.pattern.startswith(r"\bwhat\s+you\s+")
)
#: Which of ``_TAKEAWAY`` is the bare "you mentioned / you shared..." pattern.
_YOU_VERB = next(i for i, p in enumerate(_TAKEAWAY) if p.pattern.startswith("(?<!everything"))


def _names_something(sentence_text: str, index: int, match: re.Match[str]) -> bool:
    """Whether a match of ``_TAKEAWAY[index]`` names something from the conversation."""
    if index != _YOU_VERB:
        return True
    before = sentence_text[: match.start()]
    if not _GENERIC_HEAD.search(before):
        return True
    topic = _TOPIC_AFTER.match(sentence_text[match.end() :])
    if topic is None:
        return False
    # "The advice you gave me about pricing was gold": a topic named and praised
    return not _topic_then_praise(sentence_text, match.end() + topic.end() - 1)


#: Capitalised words that name nothing from a conversation: days, months, the tools of the
#: meeting itself, a field in general.
_NOT_CONTENT_NAMES_TEXT = (
    "i i'm i'd i'll i've monday tuesday wednesday thursday friday saturday sunday mon tue"
    " wed thu fri sat sun january february march april may june july august september"
    " october november december jan feb mar apr jun jul aug sep sept oct nov dec linkedin"
    " zoom teams meet google slack skype whatsapp facetime email e-mail ux ui ai ml hr it"
    " pm qa cv cvs phd mba msc ba bsc ma tech dr mr mrs ms mx prof thanks thank hi hello"
    " dear hey best cheers regards p.s ps ok okay christmas easter thanksgiving diwali eid"
    " hanukkah ramadan new year holidays"
    # words written in capitals for emphasis ("resonated SO deeply", "THANK YOU")
    " so you your we my me the a an and very really much all omg lol wow yes no love amazing"
    " great huge big truly honestly"
    # where their work is seen, not what they said
    " instagram facebook twitter tiktok youtube"
)
_NOT_CONTENT_NAMES = frozenset(_NOT_CONTENT_NAMES_TEXT.split())
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w&'’.-]*[\w]")
#: A count of something (not a time, a date or the length of the meeting): "forty
#: applications a week", "the first 90 days", "three dashboards".
_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|dozen)"
)
_COUNT = re.compile(
    r"(?<![\w:.,])(?>(?:\d+(?:[.,]\d+)?%?|"
    + _NUMBER_WORD
    + r"(?:[\s-]+(?:and\s+)?"
    + _NUMBER_WORD
    + r")*|half|a\s+third|a\s+quarter)\b(?:[\s-]+(?:and\s+a\s+half|per\s*cent|percent))?)"
    r"(?![\s-]*(?:minutes?|mins?|hours?|hrs?|seconds?|years?|yrs|o'clock|am|pm|a\.m|p\.m"
    r"|times?|of\s+(?:us|you|them|my|the\s+(?:best|most))|more|or\s+(?:two|three)|thing|things"
    r"|point|points|day|days\s+(?:ago|later)|weeks?\s+ago|st|nd|rd|th|bit|another|on\s+one"
    r"|other)\b)"
    r"(?<!\bone)(?<!\bhalf)",
    re.IGNORECASE,
)
_COUNT_BEFORE = re.compile(
    r"(?:\b(?:my|our|your|the\s+past|the\s+last|last|next|in|for|over|at|on|by|about|around"
    r"|after|since|almost|nearly|only|just|spent|all)\s+(?:\w+\s+)?"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\w*\.?\s+)$",
    re.IGNORECASE,
)
#: A piece of their advice as the subject: "Mapping the first 90 days is now at the top of
#: my list", "Cold-emailing hiring managers directly is the change I'm making first".
_GERUND_SUBJECT = re.compile(
    # (not the meeting itself: "Talking with you", "Picking your brain", "Discussing my
    # options with you", "Visiting the office")
    r"^(?!(?:talking|chatting|speaking|meeting|hearing|connecting|getting|having|being"
    r"|learning|listening|seeing|reading|catching|spending|working|sharing|knowing|picking"
    r"|discussing|visiting|touring|sitting|walking|going|coming|asking|comparing|bouncing"
    r"|running|exploring|finding|doing|taking|spending|grabbing|joining)\b)"
    r"(?:[\w-]+-)?[a-z]+ing\s+(?!(?:with|to|you|me|my|our|this|that|it|your\s+(?:time|advice"
    r"|story|insights?|brain|thoughts|perspective|experience)|through)\b)"
    r"(?:[\w'’&-]+,?\s+){1,9}?(?:is|was|makes|made|matters|sounds|seems|explains|changes|will"
    r"|beats|comes|goes|has|feels)\b",
    re.IGNORECASE,
)


_PLACE_BEFORE = re.compile(
    r"\b(?:at|from|for|in|join|joined|joining)\s+(?:the\s+)?$"
    # their title, which the sender knew before: "your role as Head of Risk"
    r"|\b(?:role|job|position|title|work|time|years?|career)\s+as\s+(?:an?\s+|the\s+)?$"
    # who the writer is: "proud as an Indian engineer"
    r"|\bas\s+an?\s+$",
    re.IGNORECASE,
)
#: A title's abbreviation just before a name: "the team leader Mr. Aoki".
_TITLE_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|St)\.\s*$")
#: "as" before a job title: "your work as Head of Claims", "as Senior Editor".
_AS_BEFORE = re.compile(r"\bas\s+(?:the\s+|an?\s+|their\s+|your\s+)?$", re.IGNORECASE)
_TITLE = re.compile(
    r"(?:Senior|Junior|Lead|Principal|Chief|Head|Director|Manager|VP|Vice|President|Officer"
    r"|Engineer|Analyst|Partner|Coordinator|Specialist|Consultant|Editor|Producer|Founder"
    r"|Co-founder|CEO|CTO|CFO|COO|Deputy|Assistant|Associate|Superintendent|Supervisor)\b"
)
#: Between the words of one name: "Head of Risk", "Mtaani Pay", "Bank of Ireland".
_NAME_GAP = re.compile(r"\s+(?:(?:of|and|&|de|del|la|le|du|von|van|der)\s+)?")
#: A sentence of good wishes or congratulations names their news, not the conversation:
#: "Hope the Hudson Street project wraps up on time", "Congratulations on Kestrel's new
#: picking arm".
_WISHES = re.compile(
    r"^(?:(?:and|also|again|oh|p\.?s\.?)[\s,.:]+)?(?:congratulations|congrats|(?:i\s+)?hope"
    r"|(?:the\s+)?best\s+of\s+luck|good\s+luck|wishing|fingers\s+crossed|enjoy|have\s+an?)\b",
    re.IGNORECASE,
)
#: A stop before a word: its capital is the sentence's ("... today 😊 Such a good day").
_STOP_BEFORE = re.compile(r"[.!?:;\u2600-\u27bf\U0001f000-\U0001faff]\s*[\"'“‘(]?\s*$")
#: A sentence about the sender: a first-person subject among its first words (not "your
#: suggestion that I join...", which is theirs).
_MINE = re.compile(
    r"^(?:(?!your\b|you\b|you're\b)[\w,'’-]+\s+){0,4}?"
    r"(?:i|i'm|i’m|i've|i’ve|i'll|i’ll|i'd|i’d|my|we|we've|we're)\b",
    re.I,
)


#: In a sentence of thanks, the help given before something named.
_HELPED = re.compile(
    r"\b(?:intro(?:duction)?\s+to|introduc(?:ing|ed)\s+me\s+to|connect(?:ing|ed)\s+me\s+(?:with|to)"
    r"|put(?:ting)?\s+me\s+in\s+touch\s+with|walk(?:ing|ed)\s+me\s+through|show(?:ing|ed)\s+me"
    r"|explain(?:ing|ed)|recommend(?:ing|ed)|point(?:ing|ed)\s+me\s+(?:to|towards)"
    r"|tell(?:ing)?\s+me\s+about|told\s+me\s+about|the\s+tip\s+(?:about|on))\b",
    re.IGNORECASE,
)
#: In a sentence about the sender, what makes it about the conversation after all: "I
#: took you up on your offer and wrote to Ms. Ferreira", "Now I understand that my Polish
#: papers need the British coded test".
_THEIRS_IN_MINE = re.compile(
    r"\byour\s+(?:offer|suggestion|advice|tip|idea|recommendation|point|example|lead|intro\w*)\b"
    r"|\byou\s+(?:suggested|recommended|mentioned|offered|told|showed|said|described|explained"
    r"|pointed)\b|\btook\s+you\s+up\s+on\b"
    r"|\bnow\s+i\s+(?:understand|realise|realize|see|know)\s+(?:that|why|how|what)\b"
    # "I'll email Jasper Mwale..., mentioning that you sent me": their lead
    r"|\b(?:that\s+)?you\s+(?:sent|referred|pointed)\s+me\b|\bmention(?:ing)?\s+your\s+name\b"
    # "but I did get the main thing: without the GWO ticket nobody goes up a tower"
    r"|\b(?:the\s+(?:main|key|big|biggest|one)|one)\s+(?:thing|point|lesson|takeaway)\s*:"
    # "I hadn't heard of Leilani Brockhurst before": news to me, so theirs
    r"|\b(?:hadn't|had\s+not|had\s+never|'d\s+never|never)\s+(?:even\s+)?heard\s+of\b"
    r"|\bi\s+now\s+(?:understand|realise|realize|see|know)\b",
    re.IGNORECASE,
)


def names_content(m: Message) -> bool:
    """Whether, outside its thanks, the message names something only this conversation
    could hold: a proper name (a tool, a place, a book, a course), a count of something,
    or a piece of advice as the subject of its sentence."""
    theirs = their_words(m)
    greeting = greeting_end(m.text)
    for sentence in m.sentences:
        if sentence.end <= greeting:
            continue
        text = sentence.text
        if any(p.search(text) for p in THANKS):
            # thanks for the logistics name places and media ("the coffee at the Dunmore
            # Diner", "the Zoom"); only what follows their help counts: "thank you for
            # the intro to Micaela Borrás", "for walking me through the QGIS modeler"
            helped = _HELPED.search(text)
            if helped is None:
                continue
            text = " " * helped.end() + text[helped.end() :]
        if len(text.split()) <= 3:
            continue  # "Best, Sam": a sign-off, a name
        if _MINE.match(text) and not _THEIRS_IN_MINE.search(text):
            continue  # "I'm halfway through my PMP": the sender's own news, not theirs
        if _WISHES.match(text.strip()) and not _THEIRS_IN_MINE.search(text):
            continue  # "Hope the Hudson Street project wraps up on time!"
        if _GERUND_SUBJECT.search(text):
            return True
        for a, b in _praised_topics(text):
            text = text[:a] + " " * (b - a) + text[b:]  # "your take on the Toronto scene was gold"
        place_end = -1  # where the last name of a place or title ended
        for match in _CAPITALISED.finditer(text):
            # "Lakeview's culture": their company, with its possessive
            word = re.sub(r"['’]s$", "", match.group(0).lower().rstrip("."))
            if match.start() == 0 or word in _NOT_CONTENT_NAMES or word in theirs:
                continue
            if sentence.start + match.start() < greeting:
                continue  # "Hi Ada, it was..."
            if place_end >= 0 and _NAME_GAP.fullmatch(text, place_end, match.start()):
                place_end = match.end()
                continue  # the rest of the name: "Head of Risk", "at Mtaani Pay"
            if _AS_BEFORE.search(text, 0, match.start()) and _TITLE.match(text, match.start()):
                place_end = match.end()
                continue  # "everything you're doing as Head of Claims Analytics": their title
            if (place := _PLACE_BEFORE.search(text, 0, match.start())) is not None:
                # "your work at Stripe", "your role as Head of Risk": where they work and
                # what they do there, not what they said (all of the name after "at", "in"
                # or "as"; after "join" only its first word: "join the Global Game Jam")
                whole = re.match(r"(?:at|from|in|.*\sas)\b", place.group(0), re.IGNORECASE)
                place_end = match.end() if whole else -1
                continue
            place_end = -1
            if _STOP_BEFORE.search(text[: match.start()]) and not _TITLE_ABBREVIATION.search(
                text[: match.start()]
            ):
                continue  # the first word after a colon or a stop (not "Mr. Aoki")
            if text.endswith(match.group(0)) and text[: match.start()].rstrip().endswith(","):
                continue  # "Have a great week, Sam": a sign-off run into the last line
            return True
        for match in _COUNT.finditer(text):
            if not _COUNT_BEFORE.search(text[: match.start()]):
                return True
    return False


#: A resource of theirs pointed at but not named: "the course you mentioned", "the
#: podcasts and books you recommended" (named, it is specific: "the Range book you
#: recommended", "the course you mentioned, Data Basics").
_UNNAMED_RESOURCE = re.compile(
    r"\b(?:the|that|this|those|these|one|a|an|some|a\s+couple\s+of|a\s+few|two|three|several)"
    r"\s+(?:[\w-]+\s+){0,3}?(?:books?|courses?|podcasts?|names?|people|persons?|contacts?|things?"
    r"|colleagues?|friends?|mentors?|managers?|exercises?"
    r"|articles?|resources?|tools?|sites?|software|platforms?"
    r"|websites?|newsletters?|apps?|videos?|channels?|programmes?|programs?|certifications?"
    r"|talks?|papers?|reports?|links?|readings?)(?:\s+(?:and|or|&)\s+(?:[\w-]+\s+)?[\w-]+)?"
    r"\s+(?:that\s+)?you\s+(?:\w+\s+)?(?:recommended|mentioned|suggested|shared|pointed|sent|described"
    r"|named|told\s+me\s+about|flagged|use|used|love|swear\s+by|rely\s+on|gave(?:\s+me)?"
    r"|said)\b"
    # named after all, past a colon: "Two things you said keep coming back to me: that..."
    r"(?![^.!?\n]{0,40}:)",
    re.IGNORECASE,
)


#: After "your tips on", "your advice about": topics only, then praise, with nothing they
#: said ("Your tips on networking and LinkedIn were really helpful", "Your advice on my
#: résumé, on interviewing and on networking was incredibly practical").
_TOPIC_THEN_PRAISE = re.compile(
    r"(?P<topic>(?:[\w'’-]+[\s,]+){0,9}?)(?:was|were|are|is|have\s+been|has\s+been)\s+"
    r"(?:(?:all|really|so|truly|incredibly|very|super|extremely|hugely|genuinely|just|such"
    r"|pure|absolute|solid|total)\s+)*"
    r"(?:an?\s+)?(?:helpful|useful|great|amazing|invaluable|practical|inspiring|insightful"
    r"|eye-opening|valuable|fantastic|excellent|brilliant|gold|golden|incredible|wonderful"
    r"|spot[\s-]on|fascinating|interesting|enlightening|awesome|fab|superb|priceless"
    r"|thought-provoking|informative|clear|reassuring|encouraging"
    r"|(?:exactly|just|precisely)\s+what\s+i\s+needed)\b",
    re.IGNORECASE,
)
#: Praise just before "your <quality> about <topic>": "I really appreciated", "I loved".
_PRAISED_BEFORE = re.compile(
    r"\b(?:really\s+|truly\s+|so\s+|especially\s+|also\s+)?(?:appreciated|loved|enjoyed"
    r"|valued|admired)\s+$",
    re.IGNORECASE,
)
#: In a topic, another of their generic heads ("your feedback on my résumé and your
#: thoughts on the lab-to-industry move"): part of the topic, not a retold point.
_ANOTHER_HEAD = re.compile(
    r"\b(?:and\s+)?your\s+(?:thoughts|tips|advice|feedback|insights?|ideas|comments|pointers"
    r"|suggestions|views|perspective)\s+(?:on|about)\b",
    re.IGNORECASE,
)
#: In such a topic, words that retell something: a clause, a number, a comparison.
_RETOLD = re.compile(
    # ("how to pick a first team" is a topic, not what they said of it)
    r"(?<![\w-])(?:that|how(?!\s+to\b)|why|what(?!\s+to\b)|when|where|which|who|whether|you|your"
    r"|i|i'd|i'm|(?<!how\s)(?<!what\s)to|not|than|instead|before|after|first|only|never|always"
    r"|every)(?![\w-])|\d",
    re.IGNORECASE,
)


def _topic_then_praise(text: str, end: int, begin: int | None = None) -> bool:
    """Whether what follows ``end`` ("your tips on|") is a topic named and praised, or a
    topic alone on a line of a list ("- your advice on breaking into renewables"); with
    ``begin`` (where "your tips on" begins), also a short topic praised before it ("I
    really appreciated your openness about the actuarial exams")."""
    start = text.rfind(" ", 0, end) + 1 if end and text[end - 1].isalnum() else end
    praised = _TOPIC_THEN_PRAISE.match(text, start)
    if praised is not None:
        topic = praised["topic"]
    elif begin is not None and _PRAISED_BEFORE.search(text, 0, begin):
        clause = re.match(r"[^.;!?,\n]*?(?=\s+and\s+your\b|[.;!?,\n]|$)", text[start:])
        topic = clause.group(0) if clause else ""
        if not topic.strip() or len(topic.split()) > 6:
            return False
    else:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        if not re.match(rf"[^\S\n]*{BULLET}[^\S\n]+your\b", text[line_start:], re.IGNORECASE):
            return False
        topic = text[start:line_end].rstrip(" .;,")
        if len(topic.split()) > 8:
            return False
    topic = _ANOTHER_HEAD.sub(" ", topic)
    return not _RETOLD.search(topic)


def _praised_topics(text: str) -> list[tuple[int, int]]:
    """The topics of a sentence that are only named and praised ("Your take on the Toronto
    design scene was exactly what I needed"): a name in them is the topic's, not a thing
    they gave."""
    spans = []
    for index in _PRAISABLE:
        for match in _TAKEAWAY[index].finditer(text):
            end = match.end()
            start = text.rfind(" ", 0, end) + 1 if end and text[end - 1].isalnum() else end
            if not re.search(r"\b(?:on|about|regarding|around)\s*$", text[:start], re.I):
                continue  # "Your recommendation of Just Enough Research": a thing they gave
            praised = _TOPIC_THEN_PRAISE.match(text, start)
            if praised is not None and not _RETOLD.search(_ANOTHER_HEAD.sub(" ", praised["topic"])):
                spans.append(praised.span("topic"))
    return spans


def _topic_line(line: str) -> bool:
    """Whether a line of a list only names a topic of theirs: "- your advice on breaking
    into renewables"."""
    item = re.match(rf"[^\S\n]*{BULLET}[^\S\n]+", line)
    if item is None:
        return False
    for index in _YOUR_ON:
        match = _TAKEAWAY[index].match(line, item.end())
        if match is not None and _topic_then_praise(line, match.end()):
            return True
    return False


def _has_name(text: str) -> bool:
    """Whether a sentence names something: a capitalised word inside it that is not a day,
    a meeting tool or an emphasis, or words in quotes."""
    if re.search(r'["“][^"”\n]{3,}["”]', text):
        return True
    return any(
        match.start() > 0
        and match.group(0).lower().rstrip(".") not in _NOT_CONTENT_NAMES
        and not _STOP_BEFORE.search(text[: match.start()])
        for match in _CAPITALISED.finditer(text)
    )


def names_takeaway(m: Message) -> bool:
    """Whether a sentence points at something the contact said and names it ("your
    advice to volunteer first", "the tip about joining the dbt Slack"); a resource of
    theirs pointed at but not named ("the course you mentioned") names nothing."""
    for sentence in m.sentences:
        unnamed = [(u.start(), u.end()) for u in _UNNAMED_RESOURCE.finditer(sentence.text)]
        if unnamed and _has_name(sentence.text):
            unnamed = []  # "the Range book you recommended": named after all
        for index, pattern in enumerate(_TAKEAWAY):
            for match in pattern.finditer(sentence.text):
                if any(
                    a <= match.start() < b or match.start() <= a < match.end() for a, b in unnamed
                ):
                    continue
                if index in _PRAISABLE and _topic_then_praise(
                    sentence.text, match.end(), match.start()
                ):
                    continue  # "Your tips on networking were really helpful"
                if _names_something(sentence.text, index, match):
                    return True
    return False


#: A template's placeholder left in: "[TOPIC]", "[NAME OF HER COLLEAGUE]", "{takeaway}",
#: "<book title>", "XX%", "TK (book title)".
_PLACEHOLDER = re.compile(
    r"\[[^\]\na-z]*[A-Z]{2,}[^\]\na-z]*\]"
    r"|(?i:\[(?:insert|add|name|topic|specific)\b[^\]\n]{0,40}\])"
    r"|\{\{?\s*[\w .-]{1,40}\s*\}\}?"
    r"|(?i:<(?:insert|name|topic|book|title|specific)\b[^>\n]{0,40}>)"
    r"|\b(?:XX+|TK)\b|_{3,}"
)


def placeholder(m: Message) -> re.Match[str] | None:
    """A template's placeholder left in the message, after its greeting."""
    return _PLACEHOLDER.search(m.text, greeting_end(m.text))


def specific_takeaway(m: Message) -> list[Finding]:
    """``specific-takeaway``: nothing specific from the conversation, or what should be
    specific left as a template's placeholder."""
    left = placeholder(m)
    if left is not None:
        return [
            finding(
                m,
                "specific-takeaway",
                f'It still holds a placeholder ("{left.group(0)}") where something '
                "specific from the conversation should be.",
                "Replace it with what they actually said, or cut the sentence.",
                at=(left.start(), left.end()),
            )
        ]
    if names_content(m) or names_takeaway(m):
        return []
    for listed in _TAKEAWAY[-1].finditer(m.text):
        lines = [
            line
            for line in m.text[listed.start() + 1 :].split("\n\n")[0].split("\n")
            if line.strip()
        ]
        if not lines or not all(_topic_line(line) for line in lines):
            return []  # what they said, set apart under a colon (not topics only)
    generic = re.search(
        r"\b(?:for\s+)?(?:sharing|all)\s+your\s+(?:expertise|insights?|knowledge|wisdom|time"
        r"|experience)\b|\bi\s+learn(?:ed|t)\s+(?:so\s+much|a\s+lot)\b",
        m.text,
        re.IGNORECASE,
    )
    return [
        finding(
            m,
            "specific-takeaway",
            "It names nothing specific from the conversation, so it could have been sent to "
            "anyone.",
            'Name one thing they said and what it changed for you, e.g. "Your advice to '
            'contribute to an open-source project first really stuck with me."',
            at=(generic.start(), generic.end()) if generic else None,
        )
    ]


def has_next_action(text: str) -> bool:
    """Whether the text says what the writer will do (or did) next."""
    for pattern in _NEXT_ACTION:
        for match in pattern.finditer(text):
            rest = match.groupdict().get("rest")
            if rest is not None and _VAGUE_FUTURE.match(rest.strip()):
                continue
            return True
    return False


def next_action(m: Message) -> list[Finding]:
    """``next-action``: nothing you will do next ("I'll stay in touch" does not count)."""
    if has_next_action(m.text):
        return []
    return [
        finding(
            m,
            "next-action",
            "It does not say what you will do next with their advice.",
            "Add one concrete step with a time, e.g. \"I'm going to rewrite my portfolio "
            'intro this week and will let you know how it lands."',
        )
    ]


#: Thanks sent through them to someone else: "please tell Oksana I said thanks", "thank
#: Ravi for me", "pass my thanks on to your manager", "say thanks to Lee from me".
_THANKS_FOR_OTHERS = re.compile(
    # "tell Oksana I said thanks", "let Dr Rao know I'm grateful" (a name keeps its capital)
    r"\b(?i:tell|let)\s+(?!(?i:me|you|us|him|her|them)\b)(?:[A-Z][\w'-]+|(?i:your|the)\s+\w+)"
    r"(?:\s+[A-Z][\w'-]+)?\s+(?i:(?:know\s+)?(?:(?:that\s+)?i\s+(?:said|say|am|'m)\s+|how\s+)?"
    r"(?:a\s+(?:big\s+|huge\s+)?)?(?:thanks?|thank\s+you|grateful))\b"
    # "thank Ravi for me", "please thank your manager again"
    r"|\b(?i:thank)\s+(?!(?i:you|u|ya|yo|everyone|all)\b)(?:[A-Z][\w'-]+|(?i:your|the)\s+\w+)(?:\s+[A-Z][\w'-]+)?\s+"
    r"(?i:for\s+(?:me|us)\b|(?:\w+\s+){0,8}?from\s+me\b|again\b|too\b|as\s+well\b"
    r"|for\s+(?:introducing|connecting|putting|setting)\b)"
    # "pass my thanks on to", "my thanks to your team", "say thanks to Lee"
    r"|(?i:\b(?:pass|send|give|extend|forward)\s+(?:on\s+|along\s+)?(?:[\w'-]+\s+)?(?:my|our)"
    r"\s+(?:\w+\s+)?(?:thanks|gratitude)\s+(?:on\s+|along\s+)?to\b"
    r"|\b(?:my|our)\s+(?:\w+\s+)?(?:thanks|gratitude)\s+(?:also\s+|too\s+)?to\s+(?!you\b)"
    r"|\bsay\s+(?:a\s+)?(?:big\s+)?(?:thanks|thank\s+you)\s+to\s+(?!you\b))",
)


def thanks_them(m: Message) -> list[Finding]:
    """``thanks``: no thanks to them in the body; thanks sent through them to someone else
    ("please tell Oksana I said thanks") does not count."""
    others = [(o.start(), o.end()) for o in _THANKS_FOR_OTHERS.finditer(m.text)]
    for match in thanking(m):
        if not any(a <= match.start() < b for a, b in others):
            return []
    if not others:
        return thanks(m)
    return [
        finding(
            m,
            "thanks",
            "The only thanks is for someone else; it never thanks them for their time.",
            'Open with "Thank you for taking the time to talk with me."',
            at=others[0],
        )
    ]
