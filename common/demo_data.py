"""Word lists for ``manage.py seed_demo``: a small Shanghai trading company and what it sells.

Nothing here touches the database; the command combines these lists with a seeded ``random.Random``
so every run plans exactly the same company. Prices are strings, turned into ``Decimal`` by the command.
E-mail addresses use ``example.com`` sub-domains (reserved by RFC 2606) so a demo can never mail a
real company.
"""

from typing import NamedTuple

DEMO_PASSWORD = "demo12345"
EMAIL_DOMAIN = "example.com"

# code (latin), name, sold in fractions (by weight or length)
UNITS = [
    ("pcs", "个", False),
    ("box", "箱", False),
    ("case", "盒", False),
    ("pack", "包", False),
    ("bottle", "瓶", False),
    ("barrel", "桶", False),
    ("roll", "卷", False),
    ("set", "套", False),
    ("pair", "双", False),
    ("kg", "千克", True),
    ("m", "米", True),
]


class ProductTemplate(NamedTuple):
    """One kind of goods; every specification becomes its own product (and SKU)."""

    name: str
    unit: str
    low: str  # purchase price range, yuan
    high: str
    specs: tuple[str, ...]


class TopCategory(NamedTuple):
    prefix: str  # SKU prefix, latin
    name: str
    is_lot_tracked: bool
    shelf_life_days: tuple[int, ...]  # lot tracked only
    brands: tuple[str, ...]
    subcategories: tuple[tuple[str, tuple[ProductTemplate, ...]], ...]


T = ProductTemplate

CATALOGUE = [
    TopCategory(
        "OF",
        "办公用品",
        False,
        (),
        ("晨星", "书韵", "简派", "文渊"),
        (
            (
                "书写工具",
                (
                    T(
                        "中性笔",
                        "case",
                        "8",
                        "20",
                        (
                            "0.5mm 黑色 12支/盒",
                            "0.5mm 蓝色 12支/盒",
                            "0.5mm 红色 12支/盒",
                            "0.38mm 黑色 12支/盒",
                        ),
                    ),
                    T("圆珠笔", "case", "6", "12", ("0.7mm 蓝色 20支/盒", "0.7mm 黑色 20支/盒")),
                    T(
                        "记号笔",
                        "case",
                        "10",
                        "25",
                        ("双头 黑色 10支/盒", "单头 红色 10支/盒", "油性 蓝色 10支/盒"),
                    ),
                    T("白板笔", "case", "12", "28", ("可擦 黑色 10支/盒", "可擦 四色 8支/盒")),
                    T("荧光笔", "case", "8", "18", ("斜头 6色/盒",)),
                    T("自动铅笔", "pcs", "2", "8", ("0.5mm HB", "0.7mm 2B")),
                ),
            ),
            (
                "纸张本册",
                (
                    T(
                        "复印纸",
                        "box",
                        "120",
                        "200",
                        ("A4 70g 500张×8包/箱", "A4 80g 500张×5包/箱", "A3 70g 500张×4包/箱"),
                    ),
                    T("复印纸", "pack", "18", "30", ("A4 70g 500张/包", "A4 80g 500张/包")),
                    T("笔记本", "pcs", "3", "15", ("A5 80页 软抄本", "B5 60页 胶装", "A5 皮面 120页")),
                    T("便利贴", "pack", "2", "6", ("76×76mm 100张 黄色", "76×76mm 100张 四色")),
                    T("收据", "pack", "3", "8", ("二联 无碳复写 10本/包", "三联 无碳复写 10本/包")),
                ),
            ),
            (
                "文件收纳",
                (
                    T("文件夹", "pcs", "2", "8", ("A4 单强力夹 蓝色", "A4 双强力夹 黑色")),
                    T(
                        "档案盒",
                        "pcs",
                        "4",
                        "12",
                        ("A4 背宽35mm 蓝色", "A4 背宽55mm 蓝色", "A4 背宽75mm 黑色"),
                    ),
                    T("拉链袋", "pack", "8", "20", ("A4 透明 10个/包", "B5 透明 10个/包")),
                    T("文件架", "pcs", "12", "35", ("三栏 金属网", "四栏 塑料")),
                ),
            ),
            (
                "桌面文具",
                (
                    T("订书机", "pcs", "8", "30", ("12号 标准型", "重型 可订100页")),
                    T("订书钉", "case", "1.5", "4", ("12号 24/6 1000枚/盒", "重型 23/13 1000枚/盒")),
                    T(
                        "长尾夹",
                        "case",
                        "4",
                        "12",
                        ("15mm 黑色 48个/盒", "25mm 黑色 24个/盒", "41mm 黑色 12个/盒"),
                    ),
                    T("剪刀", "pcs", "4", "12", ("办公 170mm", "办公 210mm")),
                    T("美工刀", "pcs", "3", "10", ("大号 18mm", "小号 9mm")),
                    T("计算器", "pcs", "25", "80", ("12位 太阳能双电源", "12位 语音型")),
                ),
            ),
        ),
    ),
    TopCategory(
        "HW",
        "五金工具",
        False,
        (),
        ("钢盾", "匠工", "固力", "锐锋"),
        (
            (
                "手动工具",
                (
                    T("螺丝刀", "pcs", "5", "15", ("十字 PH2×100mm", "一字 6×100mm", "十字 PH1×75mm")),
                    T("螺丝刀套装", "set", "35", "90", ("32件 精密套装", "12件 家用套装")),
                    T("活动扳手", "pcs", "15", "45", ("8寸 200mm", "10寸 250mm", "12寸 300mm")),
                    T("钢丝钳", "pcs", "15", "40", ("8寸 铬钒钢", "7寸 铬钒钢")),
                    T("卷尺", "pcs", "6", "25", ("3m×16mm", "5m×19mm", "7.5m×25mm")),
                    T("羊角锤", "pcs", "15", "40", ("0.5kg 纤维柄", "0.75kg 钢管柄")),
                ),
            ),
            (
                "紧固件",
                (
                    T(
                        "自攻螺丝",
                        "pack",
                        "5",
                        "20",
                        ("M4×25 镀锌 500个/包", "M4×35 镀锌 500个/包", "M5×50 镀锌 200个/包"),
                    ),
                    T("膨胀螺栓", "pack", "15", "40", ("M8×80 50套/包", "M10×100 30套/包")),
                    T("六角螺栓", "kg", "12", "20", ("M10×50 8.8级 散装", "M12×60 8.8级 散装")),
                    T("平垫片", "kg", "10", "18", ("M8 镀锌 散装", "M10 镀锌 散装")),
                ),
            ),
            (
                "电工材料",
                (
                    T(
                        "电线",
                        "m",
                        "1.5",
                        "5",
                        ("BV 1.5平方 单芯铜线", "BV 2.5平方 单芯铜线", "BV 4平方 单芯铜线"),
                    ),
                    T("电线", "roll", "150", "400", ("BV 2.5平方 100米/卷", "BV 4平方 100米/卷")),
                    T("电工胶布", "roll", "1.5", "4", ("18mm×10m 黑色", "18mm×20m 红色")),
                    T("插线板", "pcs", "25", "70", ("5孔 1.8米 带开关", "8孔 3米 带USB")),
                    T("LED灯泡", "pcs", "5", "20", ("E27 9W 白光", "E27 12W 暖光", "E14 5W 白光")),
                ),
            ),
            (
                "劳保用品",
                (
                    T("劳保手套", "pair", "1", "4", ("浸胶 耐磨 L码", "纱线 加厚 均码", "丁腈 防油 M码")),
                    T("安全帽", "pcs", "12", "35", ("ABS V型 白色", "ABS V型 黄色")),
                    T("防护眼镜", "pcs", "5", "18", ("防冲击 透明",)),
                    T("反光背心", "pcs", "6", "18", ("荧光黄 均码",)),
                    T("防尘口罩", "case", "15", "40", ("KN95 耳挂 50只/盒",)),
                ),
            ),
        ),
    ),
    TopCategory(
        "CH",
        "清洁化学品",
        True,
        (730, 1095),
        ("洁利", "净朗", "威洁"),
        (
            (
                "清洁剂",
                (
                    T("洗洁精", "bottle", "6", "15", ("1.5kg 柠檬味", "1.1kg 绿茶味")),
                    T("洗洁精", "barrel", "25", "45", ("5kg 商用装", "10kg 商用装")),
                    T("玻璃清洁剂", "bottle", "8", "18", ("500ml 喷雾",)),
                    T("地板清洁剂", "bottle", "10", "25", ("2L 薰衣草香", "2L 柠檬香")),
                    T("洗衣液", "bottle", "18", "45", ("2kg 薰衣草", "3kg 深层洁净")),
                    T("重油污清洁剂", "bottle", "12", "30", ("500ml 厨房专用",)),
                    T("多用途清洁剂", "barrel", "60", "120", ("20L 浓缩型",)),
                ),
            ),
            (
                "消毒用品",
                (
                    T("84消毒液", "bottle", "6", "15", ("500ml", "1.2L")),
                    T("84消毒液", "barrel", "30", "60", ("5L 商用",)),
                    T("75%酒精消毒液", "bottle", "10", "25", ("500ml 喷雾", "2.5L")),
                    T("免洗洗手液", "bottle", "10", "28", ("500ml 按压式", "300ml 便携")),
                    T("抑菌洗手液", "bottle", "8", "20", ("500ml 按压式", "2L 补充装")),
                ),
            ),
            (
                "工业化学品",
                (
                    T("工业酒精", "kg", "8", "15", ("95% 散装",)),
                    T("工业酒精", "barrel", "80", "160", ("95% 25L",)),
                    T("除锈剂", "bottle", "12", "28", ("450ml 喷雾",)),
                    T("防锈润滑剂", "bottle", "15", "40", ("450ml 喷雾",)),
                    T("液压油", "barrel", "200", "400", ("46号 18L",)),
                    T("防冻冷却液", "barrel", "50", "120", ("-25℃ 4kg", "-45℃ 4kg")),
                    T("柠檬酸", "kg", "6", "12", ("工业级 99.5% 散装",)),
                    T("片碱", "kg", "4", "8", ("工业级 氢氧化钠 散装",)),
                ),
            ),
        ),
    ),
    TopCategory(
        "FD",
        "食品饮料",
        True,
        (180, 270, 365, 540),
        ("山泉源", "田园记", "茗香阁", "麦香坊"),
        (
            (
                "饮用水",
                (
                    T("饮用天然水", "box", "22", "40", ("550ml×24瓶/箱", "380ml×24瓶/箱")),
                    T("桶装饮用水", "barrel", "12", "25", ("18.9L",)),
                    T("苏打水", "box", "40", "70", ("无糖 350ml×24瓶/箱",)),
                    T("纯净水", "box", "18", "32", ("555ml×24瓶/箱",)),
                ),
            ),
            (
                "茶饮咖啡",
                (
                    T("绿茶", "case", "30", "90", ("龙井 250g 罐装", "碧螺春 200g 盒装")),
                    T("袋泡红茶", "case", "15", "35", ("2g×50袋/盒",)),
                    T("速溶咖啡", "case", "25", "60", ("三合一 15g×30条/盒", "醇黑 2g×40条/盒")),
                    T("茶饮料", "box", "40", "65", ("冰红茶 500ml×15瓶/箱", "绿茶 500ml×15瓶/箱")),
                    T("咖啡豆", "pack", "60", "150", ("中度烘焙 1kg/包",)),
                ),
            ),
            (
                "休闲零食",
                (
                    T("苏打饼干", "box", "45", "80", ("400g×12包/箱",)),
                    T("每日坚果", "case", "60", "150", ("25g×30袋/盒",)),
                    T("瓜子", "kg", "18", "35", ("五香 散装", "焦糖 散装")),
                    T("牛肉干", "pack", "15", "35", ("五香 100g", "麻辣 100g")),
                    T("牛奶巧克力", "case", "18", "45", ("80g×12条/盒",)),
                    T("薯片", "box", "50", "90", ("原味 70g×22包/箱",)),
                ),
            ),
            (
                "粮油调味",
                (
                    T("大米", "pack", "40", "80", ("东北珍珠米 10kg/袋", "五常稻花香 5kg/袋")),
                    T("大米", "kg", "4", "9", ("粳米 散装",)),
                    T("食用油", "barrel", "50", "120", ("花生油 5L", "菜籽油 5L", "玉米油 5L")),
                    T("生抽酱油", "bottle", "8", "20", ("500ml 特级", "1.9L 家庭装")),
                    T("食盐", "pack", "1.5", "4", ("400g 加碘",)),
                    T("白砂糖", "kg", "5", "9", ("一级 散装",)),
                    T("白砂糖", "pack", "4", "8", ("一级 500g",)),
                    T("鸡蛋挂面", "box", "40", "70", ("1kg×10包/箱",)),
                ),
            ),
        ),
    ),
    TopCategory(
        "EL",
        "电子配件",
        False,
        (),
        ("极速", "联酷", "酷点", "硕源"),
        (
            (
                "数据线",
                (
                    T("USB-C数据线", "pcs", "8", "25", ("1m 3A 快充", "2m 3A 快充", "1m 100W PD 编织")),
                    T("Lightning数据线", "pcs", "10", "30", ("1m MFi认证", "2m 编织")),
                    T("HDMI线", "pcs", "12", "60", ("2.0版 1.5m 4K", "2.0版 3m 4K", "2.1版 2m 8K")),
                    T("网线", "pcs", "5", "25", ("超六类 3m", "超六类 10m", "六类 1m")),
                    T("网线", "box", "200", "480", ("超五类 305m/箱",)),
                ),
            ),
            (
                "充电设备",
                (
                    T("充电器", "pcs", "20", "80", ("20W USB-C PD", "65W 氮化镓 双口", "18W QC3.0")),
                    T("移动电源", "pcs", "60", "150", ("10000mAh 22.5W", "20000mAh 22.5W")),
                    T("无线充电器", "pcs", "35", "90", ("15W 立式", "15W 磁吸")),
                    T("车载充电器", "pcs", "15", "45", ("双USB 4.8A", "PD 30W")),
                ),
            ),
            (
                "存储设备",
                (
                    T("U盘", "pcs", "15", "90", ("32GB USB3.0", "64GB USB3.0", "128GB USB3.2")),
                    T("TF存储卡", "pcs", "18", "90", ("64GB U3 A1", "128GB U3 A2")),
                    T("移动硬盘", "pcs", "250", "480", ("1TB 2.5英寸 USB3.0", "2TB 2.5英寸 USB3.0")),
                ),
            ),
            (
                "电脑外设",
                (
                    T("无线鼠标", "pcs", "20", "60", ("2.4G 静音 黑色", "2.4G 静音 白色", "蓝牙双模")),
                    T("有线键盘", "pcs", "30", "80", ("104键 USB 黑色",)),
                    T("键鼠套装", "set", "60", "160", ("无线 静音", "有线 防水")),
                    T("鼠标垫", "pcs", "5", "25", ("300×250mm", "800×300mm 加厚")),
                    T("USB扩展坞", "pcs", "25", "80", ("4口 USB3.0", "7合1 Type-C")),
                    T("耳机", "pcs", "30", "120", ("有线 3.5mm 入耳式", "蓝牙5.3 半入耳")),
                ),
            ),
        ),
    ),
    TopCategory(
        "PK",
        "包装材料",
        False,
        (),
        ("牢固", "包易", "恒封"),
        (
            (
                "胶带封箱",
                (
                    T("封箱胶带", "roll", "3", "8", ("48mm×100m 透明", "48mm×100m 米黄", "60mm×150m 透明")),
                    T("警示胶带", "roll", "4", "10", ("48mm×33m 黄黑",)),
                    T("双面胶", "roll", "1", "4", ("12mm×10m", "24mm×10m")),
                    T("封箱器", "pcs", "8", "20", ("50mm 手持式",)),
                ),
            ),
            (
                "纸箱纸板",
                (
                    T(
                        "瓦楞纸箱",
                        "pcs",
                        "1",
                        "6",
                        ("三层 1号 530×290×370mm", "五层 3号 430×210×270mm", "五层 5号 290×170×190mm"),
                    ),
                    T("飞机盒", "pcs", "0.6", "3", ("小号 200×150×50mm", "中号 300×200×80mm")),
                    T("牛皮纸", "kg", "6", "12", ("80g 卷筒",)),
                ),
            ),
            (
                "缓冲防护",
                (
                    T("缠绕膜", "roll", "25", "55", ("50cm 2.5kg 透明", "50cm 3kg 透明")),
                    T("气泡膜", "roll", "30", "80", ("双层 50cm×50m", "双层 100cm×50m")),
                    T("气泡膜", "m", "0.8", "2.5", ("加厚 120cm宽",)),
                    T("打包带", "roll", "30", "70", ("PP 15mm 10kg/卷",)),
                    T("珍珠棉", "m", "1", "4", ("EPE 2mm 100cm宽",)),
                    T("自封袋", "pack", "8", "20", ("8号 170×240mm 100个/包", "10号 200×280mm 100个/包")),
                ),
            ),
        ),
    ),
]

# Warehouses: code, name, address, locations (code, name, SKU prefixes stored there).
WAREHOUSES = [
    (
        "SH",
        "上海总仓",
        "上海市闵行区莘庄工业区春东路508号",
        [
            ("A-01", "A区 办公用品", ("OF",)),
            ("A-02", "A区 电子配件", ("EL",)),
            ("B-01", "B区 五金工具", ("HW",)),
            ("B-02", "B区 包装材料", ("PK",)),
            ("C-01", "C区 食品饮料（阴凉）", ("FD",)),
            ("C-02", "C区 清洁化学品（隔离）", ("CH",)),
        ],
    ),
    (
        "SZ",
        "苏州分仓",
        "江苏省苏州市吴中区木渎镇金枫南路1258号",
        [
            ("A-01", "A区 办公电子", ("OF", "EL")),
            ("A-02", "A区 五金包装", ("HW", "PK")),
            ("B-01", "B区 食品饮料", ("FD",)),
            ("B-02", "B区 清洁化学品", ("CH",)),
        ],
    ),
]

# One user per role: username, role key (common.roles), last name, first name.
USERS = [
    ("purchasing", "purchasing_clerk", "王", "磊"),
    ("sales", "sales_clerk", "李", "娜"),
    ("warehouse", "warehouse_keeper", "张", "强"),
    ("manager", "approver", "陈", "建华"),
    ("accountant", "accountant", "刘", "芳"),
    ("admin", "administrator", "周", "涛"),
]

# People: (Chinese, pinyin).
SURNAMES = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
]
GIVEN_NAMES = [
    ("伟", "wei"),
    ("芳", "fang"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("建华", "jianhua"),
    ("志刚", "zhigang"),
    ("海燕", "haiyan"),
    ("晓东", "xiaodong"),
    ("文静", "wenjing"),
    ("佳怡", "jiayi"),
]

# City, area code, districts.
CITIES = [
    ("上海", "021", ("浦东新区", "闵行区", "徐汇区", "静安区", "普陀区", "嘉定区", "松江区")),
    ("苏州", "0512", ("姑苏区", "吴中区", "工业园区", "相城区", "昆山市")),
    ("杭州", "0571", ("西湖区", "拱墅区", "余杭区", "萧山区")),
    ("南京", "025", ("鼓楼区", "江宁区", "秦淮区")),
    ("无锡", "0510", ("梁溪区", "滨湖区", "新吴区")),
    ("宁波", "0574", ("鄞州区", "北仑区", "海曙区")),
    ("嘉兴", "0573", ("南湖区", "秀洲区", "嘉善县")),
    ("温州", "0577", ("鹿城区", "瓯海区", "乐清市")),
    ("常州", "0519", ("天宁区", "武进区", "新北区")),
    ("深圳", "0755", ("宝安区", "龙岗区", "南山区")),
    ("东莞", "0769", ("长安镇", "松山湖", "虎门镇")),
    ("金华", "0579", ("义乌市",)),
]
ROADS = [
    "人民路",
    "建设路",
    "解放路",
    "中山路",
    "长江路",
    "新华路",
    "文化路",
    "工业路",
    "科技路",
    "环城路",
    "金桥路",
]

# Trade names (字号) with pinyin, for company names and e-mail domains.
TRADE_NAMES = [
    ("恒通", "hengtong"),
    ("瑞丰", "ruifeng"),
    ("金盛", "jinsheng"),
    ("鑫源", "xinyuan"),
    ("华美", "huamei"),
    ("永信", "yongxin"),
    ("嘉禾", "jiahe"),
    ("志诚", "zhicheng"),
    ("广元", "guangyuan"),
    ("东升", "dongsheng"),
    ("新启", "xinqi"),
    ("汇联", "huilian"),
    ("益康", "yikang"),
    ("宏发", "hongfa"),
    ("联创", "lianchuang"),
    ("百川", "baichuan"),
    ("旭日", "xuri"),
    ("长青", "changqing"),
    ("锦程", "jincheng"),
    ("中联", "zhonglian"),
]

# Suppliers: code, name, city, domain, SKU prefixes of what they supply, payment terms.
SUPPLIERS = [
    ("SUP001", "上海恒达文具有限公司", "上海", "hengda-stationery", ("OF",), "net30"),
    ("SUP002", "宁波书韵纸业有限公司", "宁波", "shuyun-paper", ("OF",), "monthly"),
    ("SUP003", "义乌佳美办公用品商行", "金华", "jiamei-office", ("OF", "PK"), "cash"),
    ("SUP004", "苏州固力五金制品有限公司", "苏州", "guli-hardware", ("HW",), "net30"),
    ("SUP005", "温州匠工工具有限公司", "温州", "jianggong-tools", ("HW",), "net60"),
    ("SUP006", "上海明辉电气有限公司", "上海", "minghui-electric", ("HW", "EL"), "net30"),
    ("SUP007", "无锡润泽日化有限公司", "无锡", "runze-daily", ("CH",), "net30"),
    ("SUP008", "杭州净朗清洁用品有限公司", "杭州", "jinglang-clean", ("CH",), "monthly"),
    ("SUP009", "常州安泰化工有限公司", "常州", "antai-chem", ("CH",), "net15"),
    ("SUP010", "上海山泉源饮品有限公司", "上海", "shanquanyuan", ("FD",), "cash"),
    ("SUP011", "杭州茗香阁茶业有限公司", "杭州", "mingxiangge-tea", ("FD",), "net30"),
    ("SUP012", "嘉兴田园记食品有限公司", "嘉兴", "tianyuanji-food", ("FD",), "net30"),
    ("SUP013", "深圳极速电子科技有限公司", "深圳", "jisu-tech", ("EL",), "net30"),
    ("SUP014", "东莞联酷数码配件有限公司", "东莞", "lianku-digital", ("EL",), "net60"),
    ("SUP015", "苏州恒封包装材料有限公司", "苏州", "hengfeng-pack", ("PK",), "monthly"),
    ("SUP016", "上海宏远综合贸易有限公司", "上海", "hongyuan-trade", ("OF", "HW", "PK"), "net30"),
]
SUPPLIER_CONTACT_ROLES = ["销售经理", "业务员", "客服专员", "财务"]

# Wholesale customers: industry suffix and its latin word (for the e-mail domain).
INDUSTRIES = [
    ("商贸有限公司", "trading"),
    ("办公设备有限公司", "office"),
    ("物业管理有限公司", "property"),
    ("酒店管理有限公司", "hotel"),
    ("餐饮管理有限公司", "catering"),
    ("装饰工程有限公司", "deco"),
    ("物流有限公司", "logistics"),
    ("连锁超市有限公司", "mart"),
    ("科技有限公司", "tech"),
]
SHOP_TYPES = [("便利店", "shop"), ("文具店", "stationery"), ("五金店", "hardware"), ("副食店", "grocery")]
CUSTOMER_CONTACT_ROLES = ["采购", "采购经理", "财务", "行政主管", "老板", "店长"]
PROSPECT_NOTES = [
    "展会上认识，等待报价。",
    "老客户介绍，已寄样品。",
    "询价办公用品年度框架协议。",
    "官网留言咨询清洁用品。",
    "电话拜访过一次，下月再跟进。",
]

# Customers abroad who read their documents in English: name, address, contact, role, phone,
# e-mail, credit limit, payment terms.
FOREIGN_CUSTOMERS = [
    (
        "Harbour Light Trading Ltd.",
        "Unit 1203, 18 Harbour Road, Wan Chai, Hong Kong",
        "Daniel Wong",
        "Purchasing manager",
        "+852 2811 4567",
        "daniel.wong@harbourlight.example.com",
        "200000",
        "net30",
    ),
    (
        "Kestrel Office Supplies Pte. Ltd.",
        "12 Kaki Bukit Road 1, #03-05, Singapore 415934",
        "Priya Nair",
        "Buyer",
        "+65 6741 2233",
        "priya.nair@kestrel-office.example.com",
        "120000",
        "net60",
    ),
]
