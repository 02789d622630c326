"""The words of the generated pages' chrome, in Russian and English: site name, menu sections, widget headings,
form and footer texts. Labels and headings only: the chrome holds no prose."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Labels:
    """One language's labels."""

    site: str
    home: str
    search: str
    find: str
    menu: list[tuple[str, list[str]]]
    third: list[str]
    topbar: list[str]
    footer_titles: list[str]
    address: str
    phone_label: str
    cookie: str
    agree: str
    newsletter: str
    email: str
    consent: str
    subscribe: str
    related: str
    most_read: str
    tags_label: str
    tags: list[str]
    views: str
    calendar: str
    weekdays: list[str]
    poll: str
    poll_options: list[str]
    vote: str
    services: str
    service_names: list[str]
    gallery: str
    banners: list[str]
    developer: str
    copyright: str
    share: str
    print_version: str


_RU = Labels(
    site="Официальный сайт администрации города", home="Главная", search="Поиск по сайту", find="Найти",
    menu=[
        ("Администрация", ["Глава города", "Заместители главы", "Структура администрации", "Территориальные управления",
                           "Муниципальная служба", "Вакансии", "Противодействие коррупции", "Приём граждан",
                           "Обращения граждан", "Телефонный справочник", "Муниципальные учреждения",
                           "Контрольные органы"]),
        ("Городская дума", ["Председатель", "Депутаты", "Комитеты", "Заседания", "Решения думы",
                            "Молодёжный парламент", "График приёма депутатов", "Публичные слушания"]),
        ("Город", ["История", "Символика", "Почётные граждане", "Карта города", "Районы", "Памятники", "Туризм",
                   "Фотогалерея", "Климат", "Транспорт", "Международные связи"]),
        ("Экономика", ["Инвестиции", "Малый бизнес", "Потребительский рынок", "Муниципальные закупки",
                       "Торги и аукционы", "Бюджет", "Финансы", "Промышленность", "Труд и занятость"]),
        ("Социальная сфера", ["Образование", "Здравоохранение", "Культура", "Спорт", "Молодёжная политика",
                              "Социальная защита", "Опека и попечительство", "Ветераны", "Семья и дети"]),
        ("ЖКХ", ["Управляющие компании", "Капитальный ремонт", "Тарифы", "Благоустройство дворов", "Дороги",
                 "Вывоз мусора", "Энергосбережение", "Аварийные службы", "Отключения воды"]),
        ("Документы", ["Постановления", "Распоряжения", "Проекты документов", "Административные регламенты",
                       "Нормативные акты", "Открытые данные", "Генеральный план", "Градостроительство"]),
        ("Услуги", ["Муниципальные услуги", "МФЦ", "Электронная приёмная", "Запись на приём", "Справки",
                    "Формы заявлений", "Вопросы и ответы"]),
        ("Пресс-центр", ["Анонсы", "Фоторепортажи", "Видео", "Интервью", "Пресс-релизы", "Контакты для СМИ",
                         "Аккредитация"]),
        ("Безопасность", ["ГО и ЧС", "Пожарная безопасность", "Антитеррор", "Единая дежурная служба",
                          "Безопасность на воде", "Профилактика правонарушений"]),
    ],
    third=["Положение", "Состав", "Контакты", "Отчёты", "Новости раздела", "Документы", "План работы", "Архив"],
    topbar=["Версия для слабовидящих", "Карта сайта", "Интернет-приёмная", "English"],
    footer_titles=["О городе", "Власть", "Жителям", "Бизнесу", "Пресс-центр", "Полезные ссылки"],
    address="Адрес: ул. Центральная, д. 1, каб. 101", phone_label="Телефон приёмной",
    cookie="Сайт использует файлы cookie.", agree="Согласен", newsletter="Подписка на новости",
    email="Ваш e-mail", consent="Согласие на обработку персональных данных", subscribe="Подписаться",
    related="Читайте также", most_read="Самое читаемое", tags_label="Теги:",
    tags=["благоустройство", "культура", "спорт", "образование", "дума", "молодёжь", "транспорт", "ЖКХ", "бюджет",
          "экология", "здравоохранение", "праздник", "конкурс", "выставка", "ветераны", "дороги"],
    views="Просмотров", calendar="Календарь событий", weekdays=["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
    poll="Опрос: оцените работу транспорта", poll_options=["Отлично", "Хорошо", "Удовлетворительно", "Плохо",
                                                           "Затрудняюсь ответить"],
    vote="Голосовать", services="Сервисы", service_names=["Госуслуги", "Запись к врачу", "Приёмная", "Карта",
                                                            "Транспорт", "Погода", "Вакансии", "Открытые данные",
                                                            "Электронная очередь", "Обратная связь", "Телефоны",
                                                            "Отключения"],
    gallery="Фотогалерея", banners=["Госуслуги", "Решаем вместе", "Перепись", "Голосование за объекты",
                                    "Бережливый город", "Горячая линия"],
    developer="Разработка сайта", copyright="© Администрация города. Все права защищены.",
    share="Поделиться", print_version="Версия для печати",
)  # fmt: skip
_EN = Labels(
    site="Official website of the city administration", home="Home", search="Search the site", find="Search",
    menu=[
        ("Administration", ["The Mayor", "Deputy mayors", "Departments", "District offices", "Civil service",
                            "Vacancies", "Anti-corruption", "Office hours", "Citizens' appeals", "Phone directory",
                            "City agencies", "Audit bodies"]),
        ("City Council", ["Chair", "Councillors", "Committees", "Meetings", "Decisions", "Youth parliament",
                          "Surgery hours", "Public hearings"]),
        ("The City", ["History", "Coat of arms", "Honorary citizens", "City map", "Districts", "Monuments",
                      "Tourism", "Photo gallery", "Climate", "Transport", "International relations"]),
        ("Economy", ["Investment", "Small business", "Retail", "Procurement", "Tenders and auctions", "Budget",
                     "Finance", "Industry", "Jobs"]),
        ("Community", ["Schools", "Health", "Culture", "Sport", "Youth", "Social care", "Guardianship", "Veterans",
                       "Families"]),
        ("Housing", ["Housing companies", "Major repairs", "Tariffs", "Courtyards", "Roads", "Waste collection",
                     "Energy saving", "Emergency services", "Water outages"]),
        ("Documents", ["Resolutions", "Orders", "Draft documents", "Regulations", "Legal acts", "Open data",
                       "Master plan", "Planning"]),
        ("Services", ["City services", "Service centre", "Online office", "Book an appointment", "Certificates",
                      "Application forms", "FAQ"]),
        ("Press", ["Announcements", "Photo reports", "Video", "Interviews", "Press releases", "Media contacts",
                   "Accreditation"]),
        ("Safety", ["Civil defence", "Fire safety", "Counter-terrorism", "Duty service", "Water safety",
                    "Crime prevention"]),
    ],
    third=["Rules", "Members", "Contacts", "Reports", "Section news", "Documents", "Work plan", "Archive"],
    topbar=["Accessible version", "Site map", "Online reception", "Русский"],
    footer_titles=["About the city", "Government", "Residents", "Business", "Press", "Useful links"],
    address="Address: 1 Central Street, room 101", phone_label="Reception",
    cookie="This site uses cookies.", agree="Accept", newsletter="Newsletter", email="Your e-mail",
    consent="I agree to the processing of personal data", subscribe="Subscribe", related="Read also",
    most_read="Most read", tags_label="Tags:",
    tags=["parks", "culture", "sport", "schools", "council", "youth", "transport", "housing", "budget", "ecology",
          "health", "holiday", "contest", "exhibition", "veterans", "roads"],
    views="Views", calendar="Events calendar", weekdays=["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
    poll="Poll: rate public transport", poll_options=["Excellent", "Good", "Fair", "Poor", "Not sure"],
    vote="Vote", services="Services", service_names=["Public services", "Doctor", "Reception", "Map", "Transport",
                                                     "Weather", "Jobs", "Open data", "Queue", "Feedback",
                                                     "Phones", "Outages"],
    gallery="Photo gallery", banners=["Public services", "Fix my street", "Census", "Vote for projects",
                                      "Lean city", "Hotline"],
    developer="Website by", copyright="© City Administration. All rights reserved.",
    share="Share", print_version="Print version",
)  # fmt: skip
LABELS = {"ru": _RU, "en": _EN}
SLUGS = ["administration", "council", "city", "economy", "social", "housing", "documents", "services", "press",
          "safety"]  # fmt: skip
