"""Stop words: the lists of PostgreSQL's text search configurations (from the Snowball
project, BSD licence; PostgreSQL 15, `tsearch_data/<language>.stop`).

The same words are dropped on both databases: PostgreSQL drops them itself in its
configurations, and `search.analysis` drops them before SQLite (and PostgreSQL) sees the
text, so a query with „und“ or „the“ means the same everywhere. Languages indexed with
`simple` (Arabic, Ukrainian) have none, as in PostgreSQL.
"""


def _words(text):
    return frozenset(text.split())


STOP_WORDS = {
    "de": _words(
        """
        aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
        anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den
        des dem die das daß derselbe derselben denselben desselben demselben dieselbe dieselben
        dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies
        diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines
        einig einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem
        euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich
        mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden
        jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner
        keines können könnte machen man manche manchem manchen mancher manches mein meine
        meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne
        sehr sein seine seinem seinen seiner seines selbst sich sie ihnen sind so solche
        solchem solchen solcher solches soll sollte sondern sonst über um und uns unse unsem
        unsen unser unses unter viel vom von vor während war waren warst was weg weil weiter
        welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst
        wo wollen wollte würde würden zu zum zur zwar zwischen
        """
    ),
    "en": _words(
        """
        i me my myself we our ours ourselves you your yours yourself yourselves he him his
        himself she her hers herself it its itself they them their theirs themselves what which
        who whom this that these those am is are was were be been being have has had having do
        does did doing a an the and but if or because as until while of at by for with about
        against between into through during before after above below to from up down in out on
        off over under again further then once here there when where why how all any both each
        few more most other some such no nor not only own same so than too very s t can will
        just don should now
        """
    ),
    "ru": _words(
        """
        и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
        ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни
        быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут
        где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под
        будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем
        чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть
        после над больше тот через эти нас про всего них какая много разве три эту моя впрочем
        хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю
        между
        """
    ),
    "tr": _words(
        """
        acaba ama aslında az bazı belki biri birkaç birşey biz bu çok çünkü da daha de defa
        diye eğer en gibi hem hep hepsi her hiç için ile ise kez ki kim mı mu mü nasıl ne neden
        nerde nerede nereye niçin niye o sanki şey siz şu tüm ve veya ya yani
        """
    ),
}


#: Question words, dropped from queries only („Wann hat das Büro geöffnet?“ asks for „Büro
#: geöffnet“); pages keep them, so both databases still index the same words.
QUESTION_WORDS = {
    "de": _words("wann wo wer wie was warum wieso weshalb welche welcher welches wohin woher"),
    "en": _words("when where who what how which why whom whose"),
    "tr": _words("ne nerede nasıl neden niçin hangi kim"),
    "ru": _words("когда где кто что как почему какой какая какие"),
    "uk": _words("коли де хто що як чому який яка які"),
    "ar": _words("متى أين اين كيف هل ماذا لماذا"),
}
