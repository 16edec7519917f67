"""A corpus of voice-agent conversation text, to calibrate and check token estimates.

What a voice agent's chat context holds: short spoken turns (numbers, times, order ids,
e-mail addresses), longer retrieved passages, JSON tool arguments and outputs, and some
conversations in other languages. Written for this purpose (no external data set), and
generated deterministically: :func:`corpus` returns the same samples on every run.

Used by ``benchmarks/calibrate_counter.py`` (fits and reports the estimate's error
against real tokenizers) and ``tests/test_context_counting.py`` (checks the documented
error bounds still hold).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

DIALOGUE_EN = (
    "Hi, where is my order A7X9?",
    "Let me look that up for you.",
    "Good news: order #A7X9 shipped on March 3, 2026 and should arrive in 3-5 days.",
    "The total was $1,249.99 for 3 items, including $82.50 in sales tax.",
    "Can I still change the delivery address?",
    "Not for this one, it's already with the carrier. Call us at (555) 013-0199 between "
    "9am and 5pm and we'll redirect it.",
    "I'd like to book a table for four people tomorrow at 7:30 pm.",
    "Sure. I have 7:15 or 7:45 available on Friday, June 12. Which one works better?",
    "Let's do 7:45. The name is Okonkwo, O-K-O-N-K-W-O.",
    "You're all set: a table for 4 at 7:45 pm on Friday under Okonkwo. We'll text a "
    "confirmation to the number ending in 4417.",
    "My internet has been dropping every few minutes since this morning.",
    "I'm sorry about that. Can you tell me which lights are on at the front of the router?",
    "The power light is green, but the one that looks like a globe is blinking orange.",
    "Thanks. That usually means the line lost sync. Please unplug the router for 30 "
    "seconds, then plug it back in, and let me know when the globe light turns solid.",
    "Okay, it's back and solid green now.",
    "Great. I've also run a line test on my side and it shows 940 Mbps down and 38 Mbps "
    "up, which is within your plan. Is there anything else I can help with?",
    "What's my current balance?",
    "Your checking account ending in 0392 has a balance of $2,318.06 as of today, "
    "and there's one pending transaction of $45.00 from Riverside Pharmacy.",
    "Can you move 500 dollars to savings?",
    "Done. I transferred $500.00 from checking to savings; your new checking balance is "
    "$1,818.06. The confirmation number is TRX-88412-QZ.",
    "I need to reschedule my appointment with Dr. Patel.",
    "Of course. You're currently booked for Tuesday, April 14 at 10:20 am. Dr. Patel has "
    "openings on Wednesday at 2 pm and Thursday at 8:40 am.",
    "Thursday morning is better.",
    "All right, I moved you to Thursday, April 16 at 8:40 am. Please arrive 15 minutes "
    "early and bring your insurance card.",
    "How much does the premium plan cost per month?",
    "The premium plan is $29 per month, or $290 per year if you pay annually, which saves "
    "you about 17%.",
    "Does it include international calls?",
    "It includes 300 international minutes to 45 countries, including Mexico, Canada, the "
    "UK, India and the Philippines; after that it's 5 cents a minute.",
    "My flight UA 1482 got cancelled, what are my options?",
    "I'm sorry about the cancellation. I can rebook you on UA 1590 departing at 6:05 pm "
    "from gate B22, arriving in Denver at 9:47 pm, or on the first flight tomorrow at "
    "7:10 am.",
    "Put me on the 6:05 one, aisle seat if possible.",
    "You're confirmed on UA 1590, seat 23C, an aisle seat. Your new boarding pass has "
    "been sent to maria.gonzalez@example.com.",
    "Can you spell that email back to me?",
    "Sure: m-a-r-i-a dot g-o-n-z-a-l-e-z at example dot com.",
    "What's the weather going to be like in Seattle this weekend?",
    "Saturday looks cloudy with a high of 58 degrees and a 40% chance of rain; Sunday "
    "should be sunnier, around 63.",
    "Remind me to call the landlord at 4 tomorrow.",
    "Okay, I'll remind you tomorrow, Wednesday, at 4:00 pm to call the landlord.",
    "I was charged twice for the same order.",
    "I see two charges of $67.34 on May 2nd. The second one is a pre-authorization hold "
    "and it should drop off within 3 to 5 business days. If it doesn't, I'll refund it.",
    "That's fine, thanks.",
    "You're welcome! Is there anything else I can do for you today?",
    "No, that's everything. Bye.",
    "Thanks for calling Acme Outfitters. Have a great day!",
    "um so I was wondering if you guys like deliver on sundays or not",
    "We do! Sunday delivery is available in most areas between 10 am and 6 pm for a "
    "$4.99 fee, or free on orders over $75.",
    "what about to zip code 94110",
    "Yes, 94110 in San Francisco is covered for Sunday delivery.",
    "I want to return the hiking boots, they're a size too small.",
    "No problem. Returns are free within 60 days. I've emailed you a prepaid label; once "
    "the boots are scanned, we'll refund $149.00 to your Visa ending in 8821.",
    "Can I exchange them for a size 10 instead?",
    "Absolutely. The Trailblazer Mid in size 10, color Slate, is in stock. I've set up "
    "an exchange, so the new pair ships as soon as we receive the return.",
    "Is the store on Main Street open on Memorial Day?",
    "The Main Street store is open on Memorial Day, Monday May 25, with holiday hours "
    "from 10 am to 5 pm.",
    "how do i reset my password",
    "Go to acme.com/account, select 'Forgot password', and enter the email on your "
    "account. The reset link expires after 30 minutes.",
    "I didn't get the email.",
    "It can take a couple of minutes. Please check your spam folder too. If it's not "
    "there in 5 minutes, I can send it to a different address.",
    "What's the status of ticket 58213?",
    "Ticket 58213 is in progress. A technician is scheduled to visit on Thursday between "
    "1 and 3 pm, and you'll get a text 30 minutes before they arrive.",
    "Hold on, let me grab a pen.",
    "Take your time.",
    "Okay, go ahead.",
    "Your reference number is 4-7-1-9-9-2-0, and the technician's name is Sam.",
    "How many loyalty points do I have?",
    "You have 12,480 points, which is enough for a $120 reward. They expire on December 31, 2026.",
    "Can I use them on the order I'm placing now?",
    "Yes. Applying 12,000 points takes $120 off, bringing your total from $214.75 to $94.75.",
    "I think there's a mistake on my bill, it says 3 lines but I only have 2.",
    "You're right, there's a third line ending in 6650 that was added on February 9. "
    "If you don't recognize it, I can remove it and credit the $35 charge.",
    "Yes please remove it.",
    "Done. The line is removed and a $35.00 credit will appear on your next statement.",
    "Do you have the blue jacket in medium?",
    "The Harbor Rain Jacket in Navy, size M, is in stock online and at 2 stores near "
    "you: Oak Park (4 left) and Lincoln Square (1 left).",
    "Reserve the one at Lincoln Square for me.",
    "It's reserved under your name until 8 pm tomorrow. Just give your phone number at "
    "the register.",
    "Sorry, what did you say?",
    "I said the jacket is reserved until 8 pm tomorrow at Lincoln Square.",
    "Can you transfer me to a human?",
    "Of course. I'm transferring you to a specialist now; the expected wait is about 2 minutes.",
    "Thanks so much!! 🙏 You saved my weekend 😄",
    "Happy to help! 🎉 Enjoy the trip, and don't forget your rain jacket ☔",
    "**Your order:**\n- 1 × Summit 2P Tent ($349.00)\n- 2 × Ridge 28L Daypack ($89.00 "
    "each)\n\n**Total:** $527.00",
    "Here are the steps:\n1. Open Settings > Wi-Fi.\n2. Tap *Forget this network*.\n3. "
    "Reconnect with the password printed on the router's label.",
)

PASSAGES_EN = (
    "Returns and exchanges: Unworn items in their original packaging can be returned "
    "within 60 days of delivery for a full refund. Footwear must be tried on indoors "
    "only. Refunds go back to the original payment method within 5-7 business days after "
    "we receive the item. Gift returns are refunded as store credit. Final-sale items, "
    "gift cards and personalized products cannot be returned.",
    "Shipping: Standard shipping (5-7 business days) is free on orders over $75; below "
    "that it costs $6.95. Expedited shipping (2-3 business days) is $14.95 and overnight "
    "is $29.95 for orders placed before 1 pm Eastern. We ship to all 50 states, Puerto "
    "Rico and APO/FPO addresses, but not to P.O. boxes for oversized items.",
    "Warranty: Tents, packs and sleeping bags carry a lifetime warranty against "
    "manufacturing defects. Normal wear and tear, accidents and damage from improper "
    "care are not covered. To file a claim, send photos of the defect and your order "
    "number to warranty@acme-outfitters.example; most claims are reviewed within 10 days.",
    "Premium membership costs $29 per month or $290 per year. Members get free expedited "
    "shipping, early access to sales, 2x loyalty points on every purchase and one free "
    "gear rental per quarter. Membership can be cancelled at any time from the account "
    "page; annual plans are refunded pro rata for unused full months.",
    "Router lights: Solid green power means the router is on. A blinking orange globe "
    "means the line has lost synchronization with the exchange; restart the router and "
    "wait up to 5 minutes. A solid red globe means the account is suspended or the line "
    "is down in your area; check the status page before booking an engineer visit.",
    "Appointments can be changed or cancelled up to 24 hours in advance at no charge. "
    "Late cancellations and missed appointments incur a $50 fee, which is waived once "
    "per calendar year. New patients should arrive 15 minutes early to complete intake "
    "forms and bring a photo ID and their insurance card.",
    "Flight disruptions: If your flight is cancelled, you can rebook on the next "
    "available flight at no cost or request a full refund to your original form of "
    "payment. For delays over 3 hours, meal vouchers are issued at the gate. Hotel "
    "accommodation is provided for overnight delays caused by the airline, but not for "
    "weather-related disruptions.",
    "Loyalty program: Customers earn 10 points per dollar spent. Every 1,000 points can "
    "be redeemed for a $10 reward at checkout. Points expire 24 months after they are "
    "earned. Rewards cannot be combined with employee discounts or applied to gift card "
    "purchases, shipping fees or taxes.",
    "Account security: We will never ask for your full password or one-time code over "
    "the phone. If you suspect unauthorized access, reset your password, turn on "
    "two-step verification in Settings > Security, and review recent orders. Contact "
    "support within 48 hours of an unauthorized charge to be eligible for a full refund.",
    "Sunday delivery is available in most metropolitan areas between 10 am and 6 pm. "
    "It costs $4.99 per order, or is free for premium members and orders over $75. "
    "Perishable items, large furniture and hazardous materials such as fuel canisters "
    "are excluded from weekend delivery.",
)

MULTILINGUAL = {
    "de": (
        "Hallo, wo ist meine Bestellung A7X9?",
        "Ihre Bestellung wurde am 3. März 2026 verschickt und sollte in 3 bis 5 Tagen ankommen.",
        "Kann ich die Lieferadresse noch ändern?",
        "Leider nicht, das Paket ist schon beim Zusteller. Rufen Sie uns zwischen 9 und "
        "17 Uhr unter 0800 123 4567 an.",
        "Ich möchte einen Tisch für vier Personen morgen um 19:30 Uhr reservieren.",
        "Gern. Der Tisch für 4 Personen ist für Freitag, den 12. Juni, um 19:45 Uhr reserviert.",
        "Wie hoch ist mein aktueller Kontostand?",
        "Ihr Girokonto mit der Endung 0392 weist einen Saldo von 2.318,06 € auf.",
    ),
    "fr": (
        "Bonjour, où en est ma commande A7X9 ?",
        "Votre commande a été expédiée le 3 mars 2026 et devrait arriver d'ici 3 à 5 jours.",
        "Est-ce que je peux encore changer l'adresse de livraison ?",
        "Malheureusement non, le colis est déjà chez le transporteur. Appelez-nous au "
        "01 23 45 67 89 entre 9 h et 17 h.",
        "Je voudrais réserver une table pour quatre personnes demain à 19 h 30.",
        "C'est noté : une table pour 4 personnes le vendredi 12 juin à 19 h 45.",
        "Quel est le solde de mon compte ?",
        "Votre compte courant se terminant par 0392 présente un solde de 2 318,06 €.",
    ),
    "es": (
        "Hola, ¿dónde está mi pedido A7X9?",
        "Su pedido se envió el 3 de marzo de 2026 y debería llegar en 3 a 5 días.",
        "¿Todavía puedo cambiar la dirección de entrega?",
        "Lamentablemente no, ya está con la empresa de transporte. Llámenos al "
        "900 123 456 de 9 a 17 h.",
        "Quiero reservar una mesa para cuatro personas mañana a las 19:30.",
        "Listo: una mesa para 4 personas el viernes 12 de junio a las 19:45.",
        "¿Cuál es el saldo de mi cuenta?",
        "Su cuenta corriente terminada en 0392 tiene un saldo de 2.318,06 €.",
    ),
    "pt": (
        "Olá, onde está o meu pedido A7X9?",
        "O seu pedido foi enviado em 3 de março de 2026 e deve chegar em 3 a 5 dias.",
        "Ainda posso alterar o endereço de entrega?",
        "Infelizmente não, já está com a transportadora. Ligue para 0800 123 4567 entre 9h e 17h.",
        "Qual é o saldo da minha conta?",
        "A sua conta corrente com final 0392 tem um saldo de R$ 2.318,06.",
    ),
    "ru": (
        "Здравствуйте, где мой заказ A7X9?",
        "Ваш заказ отправлен 3 марта 2026 года и должен прийти через 3–5 дней.",
        "Можно ли ещё изменить адрес доставки?",
        "К сожалению, нет: посылка уже у перевозчика. Позвоните нам по номеру "
        "8 800 123-45-67 с 9 до 17 часов.",
        "Я хочу забронировать столик на четверых завтра в 19:30.",
        "Готово: столик на 4 человека в пятницу, 12 июня, в 19:45.",
        "Какой у меня сейчас баланс?",
        "На вашем счёте, оканчивающемся на 0392, 2 318,06 рубля.",
    ),
    "ja": (
        "こんにちは、注文番号A7X9の配送状況を教えてください。",
        "ご注文は2026年3月3日に発送され、3〜5日でお届けの予定です。",
        "お届け先の住所はまだ変更できますか?",
        "申し訳ございませんが、すでに配送業者に引き渡されています。平日9時から17時まで、"
        "0120-123-456までお電話ください。",
        "明日の19時半に4名で予約したいです。",
        "かしこまりました。6月12日金曜日の19時45分に4名様でご予約をお取りしました。",
        "口座の残高を教えてください。",
        "末尾0392の普通預金口座の残高は231,806円です。",
    ),
    "zh": (
        "你好,我的订单A7X9到哪里了?",
        "您的订单已于2026年3月3日发货,预计3到5天内送达。",
        "我还能修改收货地址吗?",
        "很抱歉,包裹已经交给快递公司了。请在上午9点到下午5点之间拨打400-123-4567联系我们。",
        "我想预订明天晚上7点半四个人的桌子。",
        "好的,已为您预订6月12日星期五晚上7点45分的四人桌。",
        "我的账户余额是多少?",
        "您尾号0392的活期账户余额为2318.06元。",
    ),
    "hi": (
        "नमस्ते, मेरा ऑर्डर A7X9 कहाँ है?",
        "आपका ऑर्डर 3 मार्च 2026 को भेज दिया गया था और 3 से 5 दिनों में पहुँच जाना चाहिए।",
        "क्या मैं अभी भी डिलीवरी का पता बदल सकता हूँ?",
        "माफ़ कीजिए, पैकेज पहले ही कूरियर के पास है। कृपया सुबह 9 से शाम 5 बजे के बीच 1800-123-4567 पर कॉल करें।",
        "मेरे खाते में कितना बैलेंस है?",
        "0392 पर ख़त्म होने वाले आपके खाते में ₹2,318.06 हैं।",
    ),
}

_PRODUCTS = (
    "Trailblazer Mid Hiking Boot",
    "Harbor Rain Jacket",
    "Summit 2P Tent",
    "Alpine Down Sleeping Bag",
    "Ridge 28L Daypack",
    "Canyon Trekking Poles",
)
_CITIES = ("Seattle", "Denver", "Austin", "Chicago", "Boston", "San Francisco", "Atlanta")
_STATUSES = ("processing", "shipped", "delivered", "returned", "cancelled")


@dataclass(frozen=True)
class Sample:
    """One text of the corpus; ``group`` names the kind of text it is."""

    group: str
    text: str


def _order(rng: random.Random) -> dict[str, object]:
    items = [
        {
            "sku": f"{rng.choice('ABCDEFGH')}{rng.randint(1000, 9999)}",
            "name": rng.choice(_PRODUCTS),
            "qty": rng.randint(1, 3),
            "price": round(rng.uniform(19, 399), 2),
        }
        for _ in range(rng.randint(1, 4))
    ]
    return {
        "order_id": "".join(
            (
                rng.choice("ABCXYZ"),
                str(rng.randint(1, 9)),
                rng.choice("KMXQ"),
                str(rng.randint(1, 9)),
            )
        ),
        "status": rng.choice(_STATUSES),
        "placed_on": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "items": items,
        "total": f"${sum(i['price'] * i['qty'] for i in items):,.2f}",  # type: ignore[operator]
        "carrier": rng.choice(["UPS", "FedEx", "USPS", None]),
        "tracking": f"1Z{rng.randint(10**15, 10**16 - 1)}",
    }


def _weather(rng: random.Random) -> dict[str, object]:
    return {
        "city": rng.choice(_CITIES),
        "forecast": [
            {
                "day": day,
                "high_f": rng.randint(40, 95),
                "low_f": rng.randint(25, 70),
                "conditions": rng.choice(["sunny", "cloudy", "light rain", "thunderstorms"]),
                "precip_chance": rng.randint(0, 100) / 100,
            }
            for day in ("Saturday", "Sunday")[: rng.randint(1, 2)]
        ],
    }


def _slots(rng: random.Random) -> dict[str, object]:
    return {
        "provider": rng.choice(["Dr. Patel", "Dr. Nguyen", "Dr. Alvarez"]),
        "available": [
            f"2026-04-{rng.randint(1, 30):02d}T{rng.randint(8, 17):02d}:{minute}:00"
            for minute in rng.choices(["00", "20", "40"], k=rng.randint(1, 5))
        ],
        "duration_minutes": rng.choice([20, 30, 45]),
    }


def _account(rng: random.Random) -> dict[str, object]:
    return {
        "account": f"****{rng.randint(1000, 9999)}",
        "balance": round(rng.uniform(0, 25_000), 2),
        "currency": "USD",
        "pending": [
            {
                "merchant": rng.choice(["Riverside Pharmacy", "Blue Bottle", "Shell"]),
                "amount": round(rng.uniform(3, 200), 2),
            }
            for _ in range(rng.randint(0, 3))
        ],
    }


def _tool_samples(rng: random.Random, count: int) -> list[Sample]:
    samples = []
    makers = (
        ("lookup_order", lambda: {"order_id": f"A{rng.randint(1, 9)}X{rng.randint(1, 9)}"}, _order),
        ("get_weather", lambda: {"city": rng.choice(_CITIES), "days": 2}, _weather),
        ("find_slots", lambda: {"provider": "Dr. Patel", "after": "2026-04-13"}, _slots),
        ("get_balance", lambda: {"account_type": "checking"}, _account),
    )
    for i in range(count):
        _name, arguments, output = makers[i % len(makers)]
        samples.append(Sample("tool arguments", json.dumps(arguments())))
        samples.append(Sample("tool outputs", json.dumps(output(rng))))
    return samples


def corpus(seed: int = 7, tool_calls: int = 120) -> list[Sample]:
    """Every sample, in a fixed order."""
    samples = [Sample("dialogue (en)", text) for text in DIALOGUE_EN]
    samples += [Sample("passages (en)", text) for text in PASSAGES_EN]
    for lang, lines in MULTILINGUAL.items():
        samples += [Sample(f"dialogue ({lang})", text) for text in lines]
    samples += _tool_samples(random.Random(seed), tool_calls)
    return samples
