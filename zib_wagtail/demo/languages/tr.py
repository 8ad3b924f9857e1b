# ruff: noqa: E501  (translations, one a line)
"""Turkish (plain wording). Terms as in the interface catalogues („Hibeler“, „Güncel başvuru
dönemi“, „Sosyal İşler ve Uyum Komisyonu“)."""

from zib_wagtail.demo.home import GAP
from zib_wagtail.demo.languages.common import strings

OFFICE = "Göç ve Uyum Bürosu"
COMMITTEE = "Sosyal İşler ve Uyum Komisyonu"
COUNCIL_OFFICE = "Uyum Kurulu Sekretaryası"
GRANTS_TEXT = (
    f"{COMMITTEE}, kültürlerarası alanda çalışan derneklere ve göçmen örgütlerine her yıl hibe "
    "verir. ZIB başvuruları kabul eder ve projeler ile etkinlikler için hibe verir."
)

TRANSLATIONS = {
    # Startseite
    "home.1": OFFICE,
    "home.2": "Eyalet Başkenti Göç ve Uyum Bürosu",
    "home.3": (
        f"Eyalet başkenti Saarbrücken'in {OFFICE} (ZIB) 2003 yılından beri vardır. Göç ve "
        "çeşitlilikle ilgili stratejiler geliştirir, yeni projeler başlatır ve belediyenin uyum "
        "çalışmaları için kaynak sağlar."
    ),
    "home.4": "Bütünü göz önünde tutmak",
    "home.5": "ZIB için burada her zaman bütünü göz önünde tutmak önemlidir:",
    "home.6": "Nüfus grupları",
    "home.7": "Belirli nüfus gruplarının durumu.",
    "home.8": "Toplumsal birlik",
    "home.9": "Toplumsal birlik.",
    "home.10": "Yüksek nitelikli kişiler",
    "home.11": "2020 tarihli Nitelikli İşgücü Göçü Yasası'nın odaklandığı yüksek nitelikli kişilerin ihtiyaçları.",
    "home.12": "Yeni gelişmeler",
    "home.13": "Kültürlerarası alanda çalışan derneklere hibeler",
    "home.14": GRANTS_TEXT,
    # Über das ZIB
    "about.1": "ZIB hakkında",
    "about.3": (
        f"{OFFICE} (ZIB) 2003 yılından beri vardır. Maliye ve Sürdürülebilirlik Dairesi'ne bağlı "
        f"bir kurmay birimidir. {COUNCIL_OFFICE} da ZIB'e aittir."
    ),
    "about.4": "ZIB ne yapar",
    "about.5": (
        f"{OFFICE} göç ve çeşitlilikle ilgili stratejiler geliştirir. Yeni projeler başlatır. Ve "
        "belediyenin uyum çalışmaları için kaynak sağlar. ZIB ağdaki ortaklarına uzmanlık "
        "etkinlikleri, eğitimler ve atölye çalışmalarıyla destek olur."
    ),
    "about.6": "belirli nüfus gruplarının durumu",
    "about.7": "toplumsal birlik",
    "about.8": "2020 tarihli Nitelikli İşgücü Göçü Yasası'nın odaklandığı yüksek nitelikli kişilerin ihtiyaçları",
    "about.9": "Çeşitliliği başkalarıyla birlikte şekillendirmek",
    "about.10": (
        "ZIB diğer belediye daireleri, mahalle çalışmaları ve göçmen örgütleriyle yakın çalışır. "
        "Birlikte stratejik bir semt gelişimi üzerinde çalışırlar. Vatandaşları katmak ve onlarla "
        "diyalog içinde olmak onlar için önemlidir."
    ),
    "about.11": "Çalışma biçimine örnek olan birçok proje vardır:",
    "about.12": (
        '<a id="a1">PatchWorkCity</a>: ZIB 2017-2019 yıllarında başka dairelerle ve birçok '
        "katılımcıyla birlikte şehrin uyum politikasını yeniden düzenledi."
    ),
    "about.13": (
        '<a id="a1">Bildungswerkstatt (Eğitim Atölyesi)</a>: Şu anda Malstatt semtinde, '
        "Kirchberg'de bir eğitim merkezi yapılıyor. Bu merkez eğitim ve eğitim alanlarının "
        "koordinasyonu için yeni adımlar atıyor."
    ),
    "about.14": (
        '<a id="a1">Haus des Ankommens (Varış Evi)</a>: 2026 yılına kadar merkezi bir başvuru '
        "noktası için bir konsept geliştiriliyor. Orada yeni gelen herkes için bilgi olacak."
    ),
    "about.15": (
        '<a id="a1">Uyum konsepti</a>: 2007 tarihli uyum konsepti 2020 yılında göç ve '
        "çeşitlilikle ilgili yeni bir konseptle değiştirildi."
    ),
    "about.16": "Adres ve iletişim",
    # Projekte
    "projects.1": "Projeler",
    "projects.3": (
        "ZIB'in çalışma biçimine örnek olan birçok proje vardır. Projeler, ZIB'in göç ve "
        "çeşitlilikle ilgili stratejileri nasıl geliştirdiğini ve başkalarıyla birlikte nasıl "
        "uyguladığını gösterir."
    ),
    "project.1": (
        "ZIB 2017-2019 yıllarında başka dairelerle ve birçok katılımcıyla birlikte şehrin uyum "
        "politikasını yeniden düzenledi."
    ),
    "project.2": "Bildungswerkstatt (Eğitim Atölyesi)",
    "project.3": (
        "Malstatt semtinde, Kirchberg'de şu anda bir eğitim merkezi yapılıyor. Bu merkez eğitim "
        "ve eğitim alanlarının koordinasyonu için yeni adımlar atıyor."
    ),
    "project.4": "Haus des Ankommens (Varış Evi)",
    "project.5": (
        "2026 yılına kadar merkezi bir başvuru noktası için bir konsept geliştiriliyor. Orada "
        "yeni gelen herkes için bilgi olacak."
    ),
    "project.6": "Uyum konsepti",
    "project.7": (
        "2007 tarihli uyum konsepti 2020 yılında göç ve çeşitlilikle ilgili yeni bir konseptle "
        "değiştirildi."
    ),
    # Zuschüsse
    "grants.1": "Hibeler",
    "grants.3": "Kimler başvurabilir?",
    "grants.4": "Hibeleri kültürlerarası alanda çalışan dernekler ve göçmen örgütleri alır.",
    "grants.5": f"Diğer koşullar: {GAP}",
    "grants.6": "Neler desteklenir?",
    "grants.7": "ZIB projeler ve etkinlikler için hibe verir.",
    "grants.8": f"Desteklenebilir masraflar ve hibe miktarı: {GAP}",
    "grants.9": "Karar nasıl verilir?",
    "grants.10": (
        f"ZIB başvuruları kabul eder. Hibeler hakkında {COMMITTEE} karar verir; hibeleri her "
        "yıl verir."
    ),
    "grants.11": f"Karar ölçütleri: {GAP}",
    "grants.12": "Süreler",
    "grants.13": (
        "Başvurular bir başvuru dönemi içinde yapılabilir. Güncel dönemin başlangıcı ve son "
        "başvuru tarihi yukarıdaki „Güncel başvuru dönemi“ kutusunda yazılıdır."
    ),
    "grants.14": "İndirilebilir belgeler",
    "grants.15": f"Destek yönergeleri ve formlar: {GAP}",
    "grants.16": "Sık sorulan sorular",
    "grants.17": "Nasıl başvuru yaparım?",
    "grants.18": (
        '<a id="a1">Çevrimiçi başvuru formu</a> ile. Hemen bir dosya numarası ve e-posta ile '
        "bir alındı onayı alırsınız."
    ),
    "grants.19": "Hangi belgelere ihtiyacım var?",
    "grants.20": (
        "Bir maliyet ve finansman planı (zorunlu) ve en fazla beş ek belge, örneğin derneğinizin "
        "tüzüğü. İzin verilen biçimler: PDF, JPEG, PNG, DOCX, XLSX, ODT ve ODS; dosya başına en "
        "fazla 10 MB, toplam en fazla 25 MB."
    ),
    "grants.21": "Başvurum hakkında kim karar verir?",
    "grants.22": f"{COMMITTEE}.",
    # Antrag stellen
    "application.1": "Başvuru yapın",
    "application.3": (
        "Kültürlerarası alanda çalışan dernekler ve göçmen örgütleri burada bir proje veya "
        "etkinlik için hibe başvurusu yapar."
    ),
    "application.4": (
        f"Bilgilerinizin işlenmesinden {OFFICE} (ZIB) sorumludur. Bilgilerinizi ve ek "
        f"belgelerinizi başvurunuzu incelemek, karar için {COMMITTEE}'na sunmak ve hibeyi ödemek "
        "için işleriz."
    ),
    "application.5": "Bilgiler, başvuru döneminin bitiminden on yıl sonra silinir.",
    "application.6": f"Hukuki dayanak, alıcılar ve haklarınız: {GAP}",
    "application.7": (
        "ZIB başvurunuzu inceler ve sorusu olursa sizinle iletişime geçer. Hibe hakkında "
        f"{COMMITTEE} karar verir."
    ),
    # Hilfe zum Antrag
    "help.1": "Başvuru yardımı",
    "help.3": "Çevrimiçi hibe başvurusu nasıl yapılır: formun adımları, ara kaydetme, durum sayfanız, sorular ve başvurunun geri çekilmesi.",
    "help.4": "Formun adımları",
    "help.5": '<a id="a1">Çevrimiçi başvuru formu</a> beş adımdan oluşur: kuruluş (iletişim kişisiyle birlikte), proje, finansman (masraf ve finansman planı ile banka bilgileri), ekler ve son olarak „Kontrol et ve gönder“.',
    "help.6": "„İleri“ ile adımdaki bilgileri kontrol eder ve neyin eksik olduğunu söyleriz. „Geri“ ile önceki adıma dönersiniz; girdiğiniz ve yüklediğiniz her şey korunur.",
    "help.7": "Finansman planı dengeli olmalıdır: Masraflar, öz kaynaklar, üçüncü taraf fonları ve talep edilen hibenin toplamına kuruşu kuruşuna eşit olmalıdır.",
    "help.8": "Son adımda tüm bilgilerinizi bir kez daha görürsünüz. Başvuru ancak „Başvuruyu bağlayıcı olarak gönder“ ile yapılmış olur; hemen bir dosya numarası ve e-posta ile bir alındı onayı alırsınız.",
    "help.9": "Ara kaydetme ve daha sonra devam etme",
    "help.10": "„Ara kaydet“ ile bilgilerinizi ve dosyalarınızı 30 gün boyunca saklarız. Kişisel bir bağlantı alırsınız: sayfada ve iletişim kişisinin adresine e-posta ile. Bu bağlantıyla daha sonra, başka bir cihazda da devam edebilirsiniz. Bu sürenin sonunda taslak tüm dosyalarıyla birlikte silinir.",
    "help.11": "Durum sayfanız",
    "help.12": "Alındı onayı, kişisel durum sayfanızın bağlantısını içerir. Orada başvurunuzun durumunu ve geçmişini, ayrıca yazdırmak için bilgilerinizin bir kopyasını görürsünüz. Lütfen bağlantıyı başkalarıyla paylaşmayın.",
    "help.13": "Sorular",
    "help.14": "Bir şey bilmemiz gerektiğinde size bir soru sorar ve e-posta göndeririz. Durum sayfasında yanıt verirsiniz ve orada belge de gönderebilirsiniz.",
    "help.15": "Başvuruyu geri çekme",
    "help.16": "Başvurunuz hakkında karar verilmediği sürece başvuruyu durum sayfasında geri çekebilirsiniz. Bundan sonra başvuruyu işleme almayız.",
    # Integrationsbeirat
    "council.1": "Uyum Kurulu",
    "council.3": f"{COUNCIL_OFFICE}, {OFFICE}'na (ZIB) bağlıdır.",
    "council.4": COUNCIL_OFFICE,
    "council.5": f"{COUNCIL_OFFICE} ZIB'in bir parçasıdır ve ona orada ulaşabilirsiniz.",
    "council.6": f"Uyum Kurulu'nun görevleri, üyeleri ve toplantı tarihleri: {GAP}",
    "council.7": "Sekretaryayla iletişim",
    # Kontakt
    "contact.1": "İletişim",
    "contact.3": f"{OFFICE}'na (ZIB) ve {COUNCIL_OFFICE}'na böyle ulaşırsınız.",
    # Impressum
    "imprint.1": "Künye",
    "imprint.3": "Bu web sitesini kimin yayımladığı ve içeriğinden kimin sorumlu olduğu.",
    "imprint.4": "Yayımlayan",
    "imprint.5": "İçerikten sorumlu",
    "gap": GAP,
    "imprint.7": "Temsil yetkilisi",
    # Datenschutz
    "privacy.1": "Veri koruma",
    "privacy.3": "Burada bu web sitesini ziyaret ettiğinizde hangi verilerin işlendiğini öğrenirsiniz.",
    "privacy.4": "Sorumlu kurum",
    "privacy.5": "Veri koruma görevlisi",
    "privacy.6": "Başka sunuculardan içerik yok",
    "privacy.7": (
        "Bu web sitesi başka sunuculardan yazı tipi, betik veya stil dosyası yüklemez. Bu yüzden "
        "bir sayfa açıldığında üçüncü kişilere veri aktarılmaz."
    ),
    "privacy.8": "Web sitesi açıldığında işleme",
    "privacy.9": f"Türü, amacı, hukuki dayanağı ve saklama süresi: {GAP}",
    "privacy.10": "Haklarınız",
    "privacy.11": "Hibe başvuruları",
    "privacy.12": "Hibe başvurularını ekleriyle birlikte başvuru döneminin bitiminden sonra şu süre boyunca saklarız: onaylanan başvurular 10 yıl, reddedilenler 3 yıl, geri çekilenler 1 yıl. Henüz karara bağlanmamış başvuruları onaylanmış gibi ele alırız. Bu sürenin sonunda tüm ekleriyle birlikte silinirler.",
    "privacy.13": "İsteğiniz üzerine başvurunuzla ilgili kaydettiğimiz her şey hakkında bilgi verir, başvurunuzu anonimleştirir veya sileriz; bunun için büroya başvurun.",
    # Erklärung zur Barrierefreiheit
    "accessibility.1": "Erişilebilirlik beyanı",
    "accessibility.3": (
        f"{OFFICE}, web sitesini Alman Engelsiz Bilgi Teknolojisi Yönetmeliği'ne (BITV 2.0) "
        "uygun olarak engelsiz erişilebilir hâle getirmeye çalışır."
    ),
    "accessibility.4": "Gerekliliklere uygunluk durumu",
    "accessibility.5": (
        "BITV 2.0'ın gereklilikleri, A ve AA seviyelerinde Web İçeriği Erişilebilirlik "
        "Yönergeleri'ne (WCAG) 2.1 dayanır."
    ),
    "accessibility.6": (
        "Bu web sitesinin her sayfa türü, yazılımdaki her değişiklikte axe-core test aracıyla "
        "WCAG 2.1'in A ve AA seviyesindeki kurallarına göre otomatik olarak test edilir; "
        "Almanca ve Arapça olarak. Ayrıca başvuru formunun yalnızca klavyeyle kullanımı, dar "
        "ekranlarda (320 piksel genişlik) ve iki kat yazı boyutunda görünüm de otomatik olarak "
        "test edilir. Otomatik testler bütün gereklilikleri kapsamaz."
    ),
    "accessibility.7": (
        "Uzmanların yaptığı bir incelemenin sonucu (tarih, yöntem ve web sitesinin "
        f"gerekliliklere tamamen mi yoksa kısmen mi uygun olduğu): {GAP}"
    ),
    "accessibility.8": "Erişilebilir olmayan içerikler",
    "accessibility.9": "Bu beyanın hazırlanması",
    "accessibility.10": f"Hazırlanma tarihi ve son kontrol tarihi: {GAP}",
    "accessibility.11": "Geri bildirim ve iletişim",
    "accessibility.12": (
        "Bu web sitesinin içeriklerine engelsiz erişimde eksiklikler mi fark ettiniz? Ya da "
        "bilgilere erişilebilir bir biçimde mi ihtiyacınız var? O zaman ZIB'e başvurabilirsiniz:"
    ),
    "accessibility.13": "Uygulama prosedürü",
    "accessibility.14": (
        "Geri bildiriminize tatmin edici bir yanıt alamazsanız yetkili denetim kurumuna "
        "başvurabilirsiniz. Kurum talebinizi inceler ve bir uygulama prosedürü başlatabilir."
    ),
    "accessibility.15": f"Yetkili denetim kurumu ve adresi: {GAP}",
    # Leichte Sprache
    "easy.1": "Kolay dil",
    "easy.3": "Burada kolay dille anlatıyoruz: ZIB nedir? Ve ZIB ne yapar?",
    "easy.4": "ZIB nedir?",
    "easy.5": "ZIB bir kısaltmadır.",
    "easy.6": "ZIB şu demektir: Göç ve Uyum Bürosu.",
    "easy.7": "Göç şu demektir: İnsanlar başka bir ülkeden buraya gelir.",
    "easy.8": "Uyum şu demektir: Bütün insanlar topluma aittir. Herkes katılabilir.",
    "easy.9": "ZIB, Saarbrücken şehrinin bir bürosudur.",
    "easy.10": "ZIB 2003 yılından beri vardır.",
    "easy.11": "ZIB ne yapar?",
    "easy.12": "ZIB, şehirdeki birçok farklı insanın birlikte yaşaması için planlar yapar.",
    "easy.13": "ZIB yeni projeler başlatır. Proje, bir hedefi olan bir çalışmadır.",
    "easy.14": "ZIB başka dairelerle birlikte çalışır. Daire, şehir yönetiminin bir parçasıdır.",
    "easy.15": "ZIB, göç etmiş insanların dernekleriyle de birlikte çalışır.",
    "easy.16": "ZIB etkinlikler ve eğitimler yapar. Eğitimde insanlar işleri için yeni bir şey öğrenir.",
    "easy.17": "Şehirdeki yeni insanlar için bir yer",
    "easy.18": "Projenin adı: Haus des Ankommens (Varış Evi).",
    "easy.19": "Merkezi bir başvuru yeri olacak.",
    "easy.20": "Orada insanlar bilgi alır. Bu insanlar şehre yeni gelmiştir.",
    "easy.21": "2026 yılına kadar bunun için bir plan yapılıyor.",
    "easy.22": "Dernekler için para",
    "easy.23": "Bazı dernekler farklı kültürlerden insanlarla çalışır.",
    "easy.24": "Bu dernekler şehirden para alabilir. Bu paranın adı: hibe.",
    "easy.25": "Bunun için dernek bir başvuru yazar. ZIB başvuruları kabul eder.",
    "easy.26": f"Para hakkında {COMMITTEE} karar verir. Komisyon her yıl para verir.",
    "easy.27": "ZIB'e böyle ulaşırsınız",
    # Snippets
    "topic.1": "Eğitim",
    "topic.2": "Uyum politikası",
    "topic.3": "Göç ve çeşitlilik",
    "topic.4": "Yeni gelenler",
    "partner.1": "Mahalle çalışmaları",
    "partner.2": "ZIB'in stratejik bir semt gelişimi üzerinde birlikte çalıştığı, semtlerdeki mahalle çalışmaları.",
    "partner.3": "Göçmen örgütleri",
    "partner.4": "ZIB'in yakın çalıştığı göçmen örgütleri.",
    "partner.5": "Eyalet başkentinin daireleri",
    "partner.6": "ZIB'in yakın çalıştığı, şehir yönetiminin diğer daireleri.",
}

STRINGS = strings(TRANSLATIONS)
