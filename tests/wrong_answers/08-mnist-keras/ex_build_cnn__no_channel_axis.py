# 입력에 채널 축이 없음: Conv2D는 (높이, 너비, 채널)을 기대함 / No channel axis in the input: Conv2D expects (height, width, channels)
def build_cnn(num_filters=(16, 32), dropout_rate=0.5, num_classes=10):
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Conv2D(num_filters[0], 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(num_filters[1], 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dropout(dropout_rate),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
